import { GENESIS_HASH, type Loaded } from '@cp/event-store';
import { contactDecider } from '../domain/contact.decider';
import type { ContactState } from '../domain/contact.state';

/** A contact's events are one stream of the event store, of this type. */
export const CONTACT_STREAM = 'contact';
export const streamId = (contactId: string) => `contact-${contactId}`;

/** A contact's stream before its first event. */
export const NEW_CONTACT: Loaded<ContactState> = {
  state: contactDecider.initialState(),
  version: 0,
  headHash: GENESIS_HASH,
  events: [],
};
