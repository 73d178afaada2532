import type { PersonalFieldPath } from '@cp/contracts';

/**
 * The personal fields of a contact's events and whose they are (docs/privacy.md, event-sourcing rule 11) — the one list the
 * event store seals by and an erasure blanks by. Three kinds of data subject, each with its own key, so
 * each can be erased alone:
 * - `child:<childRef>`: a child's name, date of birth, address, ethnicity and family situation, and the parents and
 *   carers named for the child (name, age, occupation, phone, address);
 * - `reporter:<contact id>`: the reporter's name, phone and address, and the keyed digest of the number
 *   that recognises a repeat caller;
 * - `contact:<contact id>`: what the caller told about the child (notes, place, condition, actions taken)
 *   the person said to harm the child (every field, the relation included), and the counsellors' own free
 *   text on the contact (closing note, why a report was linked to a case).
 */
const CARER_FIELDS = ['name', 'age', 'occupation', 'phone', 'address'] as const;
const ABUSER_FIELDS = ['relation', 'sex', 'name', 'age', 'description'] as const;

export function contactPersonalFields(contactId: string, type: string, data: unknown): PersonalFieldPath[] {
  const narrative = `contact:${contactId}`;
  switch (type) {
    case 'ContactRecorded': {
      const d = data as {
        children?: Array<{ childRef: string; carers?: unknown[] }>;
        personal?: { allegedAbusers?: unknown[] };
      };
      const children = d.children ?? [];
      const reporter = `reporter:${contactId}`;
      return [
        ...children.flatMap((c, i) => [
          ...['name', 'birthDate', 'address', 'familySituation'].map((f) => ({
            path: ['children', String(i), 'personal', f],
            subject: `child:${c.childRef}`,
          })),
          // Ethnicity is sensitive personal data (Decree 356/2025 Art. 4), free text here.
          { path: ['children', String(i), 'ethnicity'], subject: `child:${c.childRef}` },
          // The parents and carers (Mẫu 01 A.2) are erased with the child they were named for.
          ...(c.carers ?? []).flatMap((_, j) =>
            CARER_FIELDS.map((f) => ({
              path: ['children', String(i), 'carers', String(j), 'personal', f],
              subject: `child:${c.childRef}`,
            })),
          ),
        ]),
        // Who is said to harm the child: what the caller told, erased with the contact's narrative.
        ...(d.personal?.allegedAbusers ?? []).flatMap((_, k) =>
          ABUSER_FIELDS.map((f) => ({
            path: ['personal', 'allegedAbusers', String(k), f],
            subject: narrative,
          })),
        ),
        ...['name', 'phone', 'address'].map((f) => ({
          path: ['personal', 'reporter', f],
          subject: reporter,
        })),
        { path: ['caller', 'callerKey'], subject: reporter },
        ...['notes', 'place', 'currentCondition', 'actionsTaken'].map((f) => ({
          path: ['personal', f],
          subject: narrative,
        })),
      ];
    }
    case 'ContactClosed':
      return [{ path: ['note'], subject: narrative }];
    // Which police unit was told, and its reference: free text about the report.
    case 'ReportReferred':
      return [
        { path: ['police', 'unit'], subject: narrative },
        { path: ['police', 'reference'], subject: narrative },
      ];
    case 'ReportLinkedToCase':
      return [{ path: ['reason'], subject: narrative }];
    default:
      return [];
  }
}
