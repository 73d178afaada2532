import type { CaseEventType } from '@cp/contracts';
import type { NewEvent, PersonalField } from '@cp/event-store';
import { CASE_TEXT_FIELDS, caseSubject } from '../../domain/case.personal-data';

/** The event store's policy for casework: every free text of a case, under the case's key. */
export function casePersonalFields(streamId: string, event: NewEvent): PersonalField[] {
  const subject = caseSubject(streamId.replace(/^case-/, ''));
  return (CASE_TEXT_FIELDS[event.type as CaseEventType] ?? []).map((path) => ({ path: [...path], subject }));
}
