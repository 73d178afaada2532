import type { NewEvent, PersonalField } from '@cp/event-store';

/**
 * The personal fields of intake's events and whose they are (DOMAIN §6, rule 11). Three kinds of data
 * subject, each with its own key, so each can be erased alone:
 * - `child:<childRef>`: a child's name and date of birth;
 * - `reporter:<contact id>`: the reporter's name, phone and address, and the keyed digest of the number
 *   that recognises a repeat caller;
 * - `contact:<contact id>`: what the caller told about the child (notes, place, condition, actions taken)
 *   and the counsellors' own free text on the contact (closing note, why a report was linked to a case).
 */
export function contactPersonalFields(streamId: string, event: NewEvent): PersonalField[] {
  const contactId = streamId.replace(/^contact-/, '');
  const narrative = `contact:${contactId}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the event payloads as stored
  const data = event.data as any;
  switch (event.type) {
    case 'ContactRecorded': {
      const fields: PersonalField[] = [];
      (data.children ?? []).forEach((c: { childRef: string }, i: number) => {
        const subject = `child:${c.childRef}`;
        fields.push({ path: ['children', String(i), 'personal', 'name'], subject });
        fields.push({ path: ['children', String(i), 'personal', 'birthDate'], subject });
      });
      const reporter = `reporter:${contactId}`;
      for (const f of ['name', 'phone', 'address']) {
        fields.push({ path: ['personal', 'reporter', f], subject: reporter });
      }
      fields.push({ path: ['caller', 'callerKey'], subject: reporter });
      for (const f of ['notes', 'place', 'currentCondition', 'actionsTaken']) {
        fields.push({ path: ['personal', f], subject: narrative });
      }
      return fields;
    }
    case 'ContactClosed':
      return [{ path: ['note'], subject: narrative }];
    case 'ReportLinkedToCase':
      return [{ path: ['reason'], subject: narrative }];
    default:
      return [];
  }
}
