/** Receiving a report and verifying it: opening the case, assigning the worker, the residence commune, a further report (Decree 56/2017 Ch. III steps 1–3). */
import { DomainError } from '@cp/contracts';
import { CLOCK_SKEW_MS, invalid, requireOpen } from '../../../domain/case.guards';
import { initialAssessmentDeadline } from '../../../domain/case.deadlines';
import { decision, emit } from '../../../domain/case.decide';

export const decideOpenCase = decision('OpenCase', (command, state, now) => {
  if (state.exists) {
    throw new DomainError('CASE.ALREADY_OPEN', `Case ${command.caseId} is already open.`, 'conflict');
  }
  if (command.children.length === 0) {
    throw invalid('CASE.CHILD_REQUIRED', 'children', 'a case is about at least one child.');
  }
  if (command.concerns.length === 0) {
    throw invalid('CASE.CONCERN_REQUIRED', 'concerns', 'name at least one concern (form of abuse or risk).');
  }
  if (Date.parse(command.receivedAt) > Date.parse(now) + CLOCK_SKEW_MS) {
    throw invalid('CASE.RECEIVED_IN_FUTURE', 'receivedAt', 'cannot be later than now.');
  }
  return emit('CaseOpened', {
    caseId: command.caseId,
    source: command.source,
    incidentCommuneCode: command.incidentCommuneCode,
    provinceCode: command.provinceCode,
    residenceCommuneCode: command.residenceCommuneCode ?? null,
    residenceProvinceCode: command.residenceProvinceCode ?? null,
    receivedAt: command.receivedAt,
    openedAt: now,
    urgent: command.urgent,
    concerns: command.concerns,
    children: command.children,
    category: command.category ?? null,
    setting: command.setting ?? null,
    report: command.report ?? null,
    ...(command.identity ? { identity: command.identity } : {}),
    // The 12-hour window runs from the receipt of the information, not from the referral.
    deadlines: [initialAssessmentDeadline(state, command.receivedAt, command.rules)],
  });
});

export const decideAssignWorker = decision('AssignWorker', (command, state, now) => {
  requireOpen(state);
  if (state.assignedWorkerId === command.workerId) return [];
  return emit('CaseWorkerAssigned', { workerId: command.workerId, assignedAt: now });
});

export const decideRecordResidence = decision('RecordResidence', (command, state, now) => {
  requireOpen(state);
  if (state.residenceCommuneCode === command.communeCode) return [];
  if (state.residenceCommuneCode && state.residenceCommuneCode !== state.ownerCommuneCode) {
    throw new DomainError(
      'CASE.RESIDENCE_ALREADY_RECORDED',
      `The residence commune is ${state.residenceCommuneCode}; when the child moves, transfer the case (POST /cases/:id/transfer).`,
    );
  }
  return emit('ResidenceCommuneRecorded', {
    communeCode: command.communeCode,
    provinceCode: command.provinceCode,
    at: now,
  });
});

export const decideAddReport = decision('AddReport', (command, state, now) => {
  // Recorded whatever the status: on a closed case it is the reason to consider reopening it.
  if (state.additionalReports.some((r) => r.contactId === command.contactId)) return [];
  return emit('ReportAdded', {
    contactId: command.contactId,
    receivedAt: command.receivedAt,
    urgent: command.urgent,
    concerns: command.concerns,
    children: command.children,
    addedAt: now,
  });
});
