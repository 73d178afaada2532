import { addMinutes } from '../../../domain/clock-policy';
import type { LinkReportToCase, ReferReport } from '../../../domain/contact.commands';
import { invalid } from '../../../domain/contact.errors';
import type { ReportLinkedToCase, ReportReferred } from '../../../domain/contact.events';
import { requireOpenReport } from '../../../domain/contact.guards';
import type { ContactState } from '../../../domain/contact.state';

/** A report passed on to the commune where it happened (Decree 56 step 3): the take-up clock starts. */
export function referReport(command: ReferReport, state: ContactState): ReportReferred[] {
  const now = command.metadata.now;
  requireOpenReport(state, 'referred to a commune');
  const urgent = command.urgent ?? state.contact!.immediateDanger;
  const minutes = urgent ? command.clocks.urgentTakeUpMinutes : command.clocks.takeUpMinutes;
  const recipient = command.recipient ?? 'commune';
  if (recipient === 'police' && !command.police) {
    throw invalid(
      'CONTACT.FIELD_REQUIRED',
      'police.unit',
      'a referral to the police names the police unit notified.',
    );
  }
  const police = command.police
    ? {
        unit: command.police.unit.trim(),
        reference: command.police.reference?.trim() || null,
        notifiedAt: now,
      }
    : null;
  if (police && !police.unit)
    throw invalid('CONTACT.FIELD_REQUIRED', 'police.unit', 'name the police unit notified.');
  return [
    {
      type: 'ReportReferred',
      data: {
        referralId: command.referralId,
        ...(recipient !== 'commune' ? { recipient } : {}),
        clockPolicy: command.clocks.version,
        communeCode: command.communeCode,
        provinceCode: command.provinceCode,
        residenceCommuneCode: command.residenceCommuneCode ?? null,
        // A child in immediate danger makes the referral urgent unless the counsellor says otherwise.
        urgent,
        referredAt: now,
        acknowledgeBy: addMinutes(now, minutes),
        police,
      },
    },
  ];
}

/** A repeat report added to the case already open for the child, instead of a second case. */
export function linkReportToCase(command: LinkReportToCase, state: ContactState): ReportLinkedToCase[] {
  requireOpenReport(state, 'added to an existing case');
  const reason = command.reason.trim();
  if (!reason) throw invalid('CONTACT.FIELD_REQUIRED', 'reason', 'say why this is the same child and case.');
  return [
    { type: 'ReportLinkedToCase', data: { caseId: command.caseId, linkedAt: command.metadata.now, reason } },
  ];
}
