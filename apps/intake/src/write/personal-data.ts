import type { NewEvent, PersonalField } from '@cp/event-store';
import { contactPersonalFields as fieldsOf } from '../domain/contact.personal-data';

/** The event store's policy for intake: the contact's personal fields (see the domain's list). */
export function contactPersonalFields(streamId: string, event: NewEvent): PersonalField[] {
  return fieldsOf(streamId.replace(/^contact-/, ''), event.type, event.data);
}
