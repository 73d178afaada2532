import { caseSubject } from './case.personal-data';
import {
  DomainError,
  ERASURE_REJECTION_REASONS,
  LEGAL_HOLD_REASONS,
  LEGAL_HOLD_RELEASE_REASONS,
  requireReference,
  type Decider,
  type DeadlineV1,
  type ErasureBasis,
  type ErasureCascadeV1,
} from '@cp/contracts';
import type { CaseCommand, DeadlineRules } from './case.commands';
import type { CaseEvent, PlanItem, Retention } from './case.events';
import { STEP_PATHS } from './case.next-steps';
import { STEP_RULES } from './case.permissions';
import {
  activeSeparation,
  caseContacts,
  evolve,
  initialState,
  isPending,
  type CaseState,
} from './case.state';
import { INTERVENTION_MEASURES, SUPPORT_MEASURES, STABILITY_ASPECTS } from './case.vocabulary';
import { addDays, addHours, addWorkingDays, localDate } from './deadline-policy';

export { evolve, initialState, type CaseState } from './case.state';

/** A step recorded after the fact may say when it was done, within this tolerance of the server clock. */
const CLOCK_SKEW_MS = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The HTTP step each precondition points at, so an error tells the user what to do first. */
const STEP_PATH = {
  assignment: STEP_PATHS.AssignWorker,
  initialAssessment: STEP_PATHS.RecordInitialAssessment,
  detailedAssessment: STEP_PATHS.RecordDetailedAssessment,
  needsMeeting: STEP_PATHS.RecordNeedsMeeting,
  plan: STEP_PATHS.DraftPlan,
  planSubmission: STEP_PATHS.SubmitPlan,
  planDecision: STEP_PATHS.DecidePlan,
  review: STEP_PATHS.RecordReview,
  separation: STEP_PATHS.DecideSeparation,
  revokeSeparation: STEP_PATHS.RevokeSeparation,
  police: STEP_PATHS.NotifyPolice,
  reopen: STEP_PATHS.ReopenCase,
  endPlan: STEP_PATHS.EndPlan,
  closure: STEP_PATHS.CloseCase,
} as const;

function mustComeFirst(code: string, step: keyof typeof STEP_PATH, what: string): DomainError {
  return new DomainError(code, `${what} first (POST /cases/:id/${STEP_PATH[step]}).`, 'precondition', {
    requiredStep: STEP_PATH[step],
  });
}

function invalid(code: string, field: string, detail: string): DomainError {
  return new DomainError(code, `${field}: ${detail}`, 'invalid', { field });
}

function authorise(command: CaseCommand, state: CaseState): void {
  const rule = STEP_RULES[command.type];
  const actor = command.metadata.actor;
  if (rule.unit === 'system') {
    if (!actor.roles.includes('system')) {
      throw new DomainError('CASE.ROLE_NOT_ALLOWED', 'Only the service itself records this.', 'forbidden');
    }
    return;
  }
  if (!actor.roles.some((r) => (rule.roles as readonly string[]).includes(r) || r === 'system')) {
    throw new DomainError(
      'CASE.ROLE_NOT_ALLOWED',
      `${command.type} is done by: ${rule.roles.join(' or ')} (${rule.basis}).`,
      'forbidden',
      { allowedRoles: rule.roles },
    );
  }
  if (actor.roles.includes('system') || !state.exists) return;
  if (rule.unit === 'province') {
    // The second pair of eyes: an officer of the province the carrying commune belongs to, or national.
    const province = state.ownerProvinceCode;
    if (actor.unit !== province && actor.unit !== 'VN') {
      throw new DomainError(
        'CASE.NOT_CASE_PROVINCE',
        `The case is carried by a commune of province ${province}; only an officer acting for that province (or VN) can do this.`,
        'forbidden',
      );
    }
    return;
  }
  const expected = rule.unit === 'receiving' ? state.pendingTransfer?.toCommuneCode : state.ownerCommuneCode;
  if (rule.unit === 'receiving' && !expected) return; // decide() reports the missing transfer
  if (actor.unit !== expected) {
    throw new DomainError(
      rule.unit === 'receiving' ? 'CASE.NOT_RECEIVING_COMMUNE' : 'CASE.NOT_OWNING_COMMUNE',
      rule.unit === 'receiving'
        ? `Only commune ${expected}, to which the case is being transferred, can do this.`
        : `The case is carried by commune ${expected}; only that commune can do this.`,
      'forbidden',
    );
  }
}

function requireOpen(state: CaseState): void {
  if (!state.exists) throw new DomainError('CASE.NOT_FOUND', 'No case with this id.', 'not_found');
  if (state.status === 'closed') {
    throw mustComeFirst('CASE.CLOSED', 'reopen', 'The case is closed; reopen it');
  }
}

function requireWorker(state: CaseState): void {
  if (!state.assignedWorkerId) {
    throw mustComeFirst('CASE.WORKER_NOT_ASSIGNED', 'assignment', 'Assign the commune worker');
  }
}

function requireLevel(state: CaseState): NonNullable<CaseState['level']> {
  if (!state.initialAssessment) {
    throw mustComeFirst(
      'CASE.INITIAL_ASSESSMENT_NOT_RECORDED',
      'initialAssessment',
      'Record the initial assessment',
    );
  }
  if (!state.level) {
    throw new DomainError(
      'CASE.NO_PROTECTION_NEED',
      'The initial assessment found no protection need; close the case with reason no_protection_need or change the level with a reason.',
    );
  }
  return state.level;
}

/** A time the user declares for a step: not in the future, not before the report was received. */
function declared(field: string, value: string | undefined, command: CaseCommand, state: CaseState): string {
  const now = command.metadata.now;
  if (value === undefined) return now;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalid('CASE.INVALID_TIME', field, 'must be an ISO 8601 instant.');
  if (t > Date.parse(now) + CLOCK_SKEW_MS)
    throw invalid('CASE.TIME_IN_FUTURE', field, 'cannot be in the future.');
  const receivedAt = state.opened?.receivedAt;
  if (receivedAt && t < Date.parse(receivedAt)) {
    throw invalid(
      'CASE.TIME_BEFORE_REPORT',
      field,
      `cannot be before the report was received (${receivedAt}).`,
    );
  }
  return new Date(t).toISOString();
}

/** Closing, ending the plan, transfer and de-escalation wait until the child is no longer separated. */
function requireNoSeparation(state: CaseState, why: string): void {
  if (activeSeparation(state))
    throw mustComeFirst('CASE.SEPARATION_ACTIVE', 'revokeSeparation', `${why}; revoke the separation`);
}

function requireText(field: string, value: string | null | undefined, what: string): string {
  const v = (value ?? '').trim();
  if (!v) throw invalid('CASE.FIELD_REQUIRED', field, what);
  return v;
}

/** The retention period a closure starts: the policy in force at the closure, recorded with it. */
function retentionFrom(closedAt: string, rules: DeadlineRules): Retention {
  const days = rules.policy.retentionDaysAfterClosure;
  return { days, policyVersion: rules.policy.version, endsAt: addDays(closedAt, days) };
}

/**
 * When the closed case's retention period ends: as its closure recorded it (later for a report added
 * since), or, for a closure recorded before retention existed, by the policy in force now.
 */
function retentionEnd(state: CaseState, rules: DeadlineRules): Retention {
  if (state.retention) return state.retention;
  const closedAt = state.closure!.closedAt;
  const starts = [closedAt, ...state.additionalReports.map((r) => r.addedAt).filter((a) => a > closedAt)];
  const ends = starts.map((at) => retentionFrom(at, rules));
  return ends.reduce((a, b) => (b.endsAt > a.endsAt ? b : a));
}

/**
 * PDPL 91/2025 Art. 14: erasure must not obstruct the controller's legal obligations — the file is kept
 * for its retention period, whatever the basis but a court order (a competent authority's decision).
 * Returns the end checked, null for a court order.
 */
function requireRetentionElapsed(
  state: CaseState,
  basis: ErasureBasis,
  rules: DeadlineRules,
  now: string,
): string | null {
  if (basis === 'court_order') return null;
  const r = retentionEnd(state, rules);
  if (Date.parse(r.endsAt) > Date.parse(now)) {
    throw new DomainError(
      'ERASURE.RETENTION_NOT_ELAPSED',
      `The case file is kept until ${r.endsAt} (${r.days} days after its closure or its last report, policy ${r.policyVersion}): ask again from then on, or with a court order (basis court_order) before.`,
      'precondition',
      { retentionEndsAt: r.endsAt, policyVersion: r.policyVersion, retentionDays: r.days },
    );
  }
  return r.endsAt;
}

function requireNoLegalHold(state: CaseState): void {
  if (state.legalHolds.length === 0) return;
  const holds = state.legalHolds.map((h) => `${h.reasonCode} ${h.reference}`).join('; ');
  throw new DomainError(
    'ERASURE.LEGAL_HOLD',
    `The case is under legal hold (${holds}): nothing of it is erased while a hold is in place. The provincial officer or inspector releases the hold first (POST /cases/:id/${STEP_PATHS.ReleaseLegalHold}).`,
    'precondition',
    {
      requiredStep: STEP_PATHS.ReleaseLegalHold,
      holds: state.legalHolds.map((h) => ({
        holdId: h.holdId,
        reasonCode: h.reasonCode,
        reference: h.reference,
        placedAt: h.placedAt,
      })),
    },
  );
}

/**
 * What a case's erasure erases in each hotline contact the case came from (docs/privacy.md, "What a
 * case's erasure erases at the hotline"): the children of the case and what was told about them, on every
 * basis; a caller's identity only when the record's retention has run out or a court ordered the record
 * erased — a child's request (or an unspecified basis) reaches the child's data, not a caller's, who asks
 * for their own at the hotline.
 */
export function erasureCascade(state: CaseState, basis: ErasureBasis): ErasureCascadeV1[] {
  const reporter = basis === 'retention_expired' || basis === 'court_order';
  return caseContacts(state).map((c) => ({
    contactId: c.contactId,
    childRefs: c.childRefs,
    narrative: true,
    reporter,
  }));
}

/** Whether an erasure on this basis would erase anything not erased yet (in casework or at the hotline). */
function somethingToErase(state: CaseState, basis: ErasureBasis): boolean {
  const done = state.erasure;
  if (!done || done.textSince) return true;
  return erasureCascade(state, basis).some((c) => {
    const d = done.erased[c.contactId];
    return (
      !d ||
      c.childRefs.some((r) => !d.childRefs.includes(r)) ||
      (c.narrative && !d.narrative) ||
      (c.reporter && !d.reporter)
    );
  });
}

/** The pending erasure request the province decides on; the one the officer reviewed. */
function requirePendingRequest(state: CaseState, requestId: string) {
  const request = state.erasureRequest;
  if (!request) {
    throw new DomainError(
      'ERASURE.NO_PENDING_REQUEST',
      `No erasure request awaits a decision: the chair of the commune that carries the case requests it first (POST /cases/:id/${STEP_PATHS.RequestErasure}).`,
      'precondition',
      { requiredStep: STEP_PATHS.RequestErasure },
    );
  }
  if (request.requestId !== requestId) {
    throw new DomainError(
      'ERASURE.REQUEST_NOT_PENDING',
      `Request ${requestId} is not the one awaiting a decision; review request ${request.requestId} (${request.basis}, ${request.reference}).`,
      'conflict',
      { requestId: request.requestId },
    );
  }
  return request;
}

function requireCode<T extends string>(code: string, field: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw invalid(code, field, `one of ${allowed.join(', ')}.`);
  }
  return value;
}

const count = (state: CaseState, kind: DeadlineV1['kind']) =>
  state.deadlines.filter((d) => d.kind === kind).length;

function deadline(
  kind: DeadlineV1['kind'],
  id: string,
  startedAt: string,
  dueAt: string,
  rules: DeadlineRules,
  rule: string,
  workingDays = false,
): DeadlineV1 {
  return {
    id,
    kind,
    dueAt,
    startedAt,
    policyVersion: rules.policy.version,
    calendarVersion: workingDays ? rules.calendar.version : null,
    rule,
    status: 'open',
    metAt: null,
    metRecordedAt: null,
    missedAt: null,
  };
}

function initialAssessmentDeadline(state: CaseState, startedAt: string, rules: DeadlineRules): DeadlineV1 {
  const hours = rules.policy.initialAssessmentHours;
  return deadline(
    'initial_assessment',
    `initial_assessment:${count(state, 'initial_assessment') + 1}`,
    startedAt,
    addHours(startedAt, hours),
    rules,
    `Decree 56 Ch. III step 4: initial assessment within ${hours} h of receiving the information (legal maximum 12 h)`,
  );
}

function planDraftDeadline(
  state: CaseState,
  startedAt: string,
  rules: DeadlineRules,
  why: string,
): DeadlineV1 {
  const days = rules.policy.planDraftWorkingDays;
  return deadline(
    'plan_draft',
    `plan_draft:${count(state, 'plan_draft') + 1}`,
    startedAt,
    addWorkingDays(startedAt, days, rules.calendar),
    rules,
    `Decree 56 Ch. III step 8: plan drafted and submitted within ${days} working days ${why}`,
    true,
  );
}

function reviewDeadline(state: CaseState, startedAt: string, rules: DeadlineRules): DeadlineV1 {
  const days = rules.policy.reviewIntervalDays;
  return deadline(
    'review',
    `review:${count(state, 'review') + 1}`,
    startedAt,
    addDays(startedAt, days),
    rules,
    `Decree 56 Ch. III step 11: review every ${days} days while the plan is implemented (policy)`,
  );
}

function itemDeadlines(
  planVersion: number,
  items: PlanItem[],
  startedAt: string,
  rules: DeadlineRules,
): DeadlineV1[] {
  return items.map((item) =>
    deadline(
      'plan_item',
      `plan_item:${planVersion}:${item.itemId}`,
      startedAt,
      // The end of the due date, local time (UTC+7).
      new Date(Date.parse(`${item.dueDate}T00:00:00Z`) + DAY - 7 * HOUR).toISOString(),
      { ...rules, policy: { ...rules.policy, version: `plan:${planVersion}` } },
      `Plan item due ${item.dueDate} (Mẫu 04, approved plan version ${planVersion})`,
    ),
  );
}

function validatePlan(
  command: Extract<CaseCommand, { type: 'DraftPlan' }>,
  level: NonNullable<CaseState['level']>,
) {
  if (command.goals.filter((g) => g.trim()).length === 0) {
    throw invalid('CASE.FIELD_REQUIRED', 'goals', 'a plan states at least one goal.');
  }
  if (command.items.length === 0) {
    throw invalid('CASE.FIELD_REQUIRED', 'items', 'a plan has at least one measure.');
  }
  const allowed: readonly string[] =
    level === 'support' ? SUPPORT_MEASURES : [...SUPPORT_MEASURES, ...INTERVENTION_MEASURES];
  const seen = new Set<string>();
  command.items.forEach((item, i) => {
    if (!allowed.includes(item.measure)) {
      throw invalid(
        'CASE.MEASURE_NOT_FOR_LEVEL',
        `items[${i}].measure`,
        `${item.measure} is an intervention measure (Law Art. 50); a support-level plan uses Art. 49 measures. Change the level first if intervention is needed.`,
      );
    }
    if (seen.has(item.itemId))
      throw invalid('CASE.DUPLICATE_ITEM', `items[${i}].itemId`, 'item ids must be unique.');
    seen.add(item.itemId);
    requireText(
      `items[${i}].responsibleBody`,
      item.responsibleBody,
      'name the body responsible for the measure.',
    );
    if (!/^\d{4}-\d{2}-\d{2}$/.test(item.dueDate) || Number.isNaN(Date.parse(item.dueDate))) {
      throw invalid('CASE.INVALID_DATE', `items[${i}].dueDate`, 'must be a date YYYY-MM-DD.');
    }
    if (item.dueDate < localDate(command.metadata.now)) {
      throw invalid('CASE.DUE_DATE_IN_PAST', `items[${i}].dueDate`, 'cannot be before today.');
    }
  });
}

export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  const now = command.metadata.now;
  if (command.type !== 'OpenCase') {
    if (!state.exists) throw new DomainError('CASE.NOT_FOUND', 'No case with this id.', 'not_found');
  }
  authorise(command, state);
  switch (command.type) {
    case 'OpenCase': {
      if (state.exists) {
        throw new DomainError('CASE.ALREADY_OPEN', `Case ${command.caseId} is already open.`, 'conflict');
      }
      if (command.children.length === 0) {
        throw invalid('CASE.CHILD_REQUIRED', 'children', 'a case is about at least one child.');
      }
      if (command.concerns.length === 0) {
        throw invalid(
          'CASE.CONCERN_REQUIRED',
          'concerns',
          'name at least one concern (form of abuse or risk).',
        );
      }
      if (Date.parse(command.receivedAt) > Date.parse(now) + CLOCK_SKEW_MS) {
        throw invalid('CASE.RECEIVED_IN_FUTURE', 'receivedAt', 'cannot be later than now.');
      }
      return [
        {
          type: 'CaseOpened',
          data: {
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
          },
        },
      ];
    }

    case 'AssignWorker': {
      requireOpen(state);
      if (state.assignedWorkerId === command.workerId) return [];
      return [{ type: 'CaseWorkerAssigned', data: { workerId: command.workerId, assignedAt: now } }];
    }

    case 'RecordResidence': {
      requireOpen(state);
      if (state.residenceCommuneCode === command.communeCode) return [];
      if (state.residenceCommuneCode && state.residenceCommuneCode !== state.ownerCommuneCode) {
        throw new DomainError(
          'CASE.RESIDENCE_ALREADY_RECORDED',
          `The residence commune is ${state.residenceCommuneCode}; when the child moves, transfer the case (POST /cases/:id/transfer).`,
        );
      }
      return [
        {
          type: 'ResidenceCommuneRecorded',
          data: { communeCode: command.communeCode, provinceCode: command.provinceCode, at: now },
        },
      ];
    }

    case 'RecordInitialAssessment': {
      requireOpen(state);
      requireWorker(state);
      if (state.initialAssessment) {
        throw new DomainError(
          'CASE.INITIAL_ASSESSMENT_ALREADY_RECORDED',
          'The initial assessment is recorded; to change the protection level use POST /cases/:id/level.',
          'conflict',
        );
      }
      const assessedAt = declared('assessedAt', command.assessedAt, command, state);
      if ((command.seriousThreat || command.caregiverIsAbuser) && command.outcome !== 'intervention') {
        throw invalid(
          'CASE.THREAT_REQUIRES_INTERVENTION',
          'outcome',
          'a serious threat to life, health or dignity, or a caregiver who is the abuser, calls for intervention.',
        );
      }
      const deadlines: DeadlineV1[] = [];
      const rules = command.rules;
      const receivedAt = state.opened!.receivedAt;
      const emergency = command.seriousThreat || command.caregiverIsAbuser;
      if (emergency && state.emergencyMeasures.length === 0) {
        deadlines.push(
          deadline(
            'emergency_measures',
            `emergency_measures:${count(state, 'emergency_measures') + 1}`,
            receivedAt,
            addHours(receivedAt, rules.policy.initialAssessmentHours),
            rules,
            `Decree 56 Ch. III step 5: emergency measures within ${rules.policy.initialAssessmentHours} h of receiving the information (legal maximum 12 h)`,
          ),
        );
      }
      if (command.outcome !== 'no_protection_need') {
        const days = rules.policy.detailedAssessmentWorkingDays;
        if (days !== null) {
          deadlines.push(
            deadline(
              'detailed_assessment',
              `detailed_assessment:${count(state, 'detailed_assessment') + 1}`,
              assessedAt,
              addWorkingDays(assessedAt, days, rules.calendar),
              rules,
              `Local policy: detailed assessment (Mẫu 03) within ${days} working days of the initial assessment`,
              true,
            ),
          );
        }
        deadlines.push(planDraftDeadline(state, assessedAt, rules, 'of the initial assessment'));
      }
      return [
        {
          type: 'InitialAssessmentRecorded',
          data: {
            assessedAt,
            at: now,
            scores: command.scores,
            seriousThreat: command.seriousThreat,
            caregiverIsAbuser: command.caregiverIsAbuser,
            outcome: command.outcome,
            summary: command.summary.trim(),
            deadlines,
          },
        },
      ];
    }

    case 'TakeEmergencyMeasures': {
      requireOpen(state);
      if (command.measures.length === 0) {
        throw invalid('CASE.FIELD_REQUIRED', 'measures', 'name at least one measure taken.');
      }
      const takenAt = declared('takenAt', command.takenAt, command, state);
      return [
        {
          type: 'EmergencyMeasuresTaken',
          data: {
            takenAt,
            at: now,
            measures: command.measures.map((m) => ({ ...m, description: m.description.trim() })),
          },
        },
      ];
    }

    case 'DecideSeparation': {
      requireOpen(state);
      const assessment = state.initialAssessment;
      if (!assessment) {
        throw mustComeFirst(
          'CASE.INITIAL_ASSESSMENT_NOT_RECORDED',
          'initialAssessment',
          'Temporary separation rests on the initial assessment; record it',
        );
      }
      if (state.level !== 'intervention') {
        throw new DomainError(
          'CASE.SEPARATION_NEEDS_INTERVENTION',
          'Temporary separation is an intervention measure; the case is at the support level. Change the level with a reason first (POST /cases/:id/level).',
          'precondition',
          { requiredStep: 'level' },
        );
      }
      const active = activeSeparation(state);
      if (active) {
        throw new DomainError(
          'CASE.SEPARATION_ACTIVE',
          `Separation ${active.separationId} is in force until ${active.endsAt}; extend or revoke it.`,
          'conflict',
        );
      }
      const startsAt = declared('startsAt', command.startsAt, command, state);
      const endsAt = Date.parse(command.endsAt);
      if (Number.isNaN(endsAt) || endsAt <= Date.parse(startsAt)) {
        throw invalid('CASE.INVALID_TIME', 'endsAt', 'must be an instant after the start of the separation.');
      }
      const max = command.rules.policy.separationMaxDays;
      if (endsAt - Date.parse(startsAt) > max * DAY) {
        throw invalid(
          'CASE.SEPARATION_TOO_LONG',
          'endsAt',
          `a temporary separation lasts at most ${max} days (legal maximum 15) unless a competent authority requires longer; decide ${max} days and extend on that authority's request.`,
        );
      }
      const end = new Date(endsAt).toISOString();
      return [
        {
          type: 'TemporarySeparationDecided',
          data: {
            separationId: command.separationId,
            decisionNo: command.decisionNo ?? null,
            placement: command.placement,
            placementNote: command.placementNote.trim(),
            startsAt,
            endsAt: end,
            at: now,
            deadlines: [
              deadline(
                'separation_end',
                `separation_end:${command.separationId}`,
                startsAt,
                end,
                command.rules,
                `Decree 56 Ch. III step 5a: the separation ends, is extended or revoked by ${end} (at most ${max} days in all unless a competent authority requires longer)`,
              ),
            ],
          },
        },
      ];
    }

    case 'ExtendSeparation': {
      requireOpen(state);
      const active = activeSeparation(state);
      if (!active)
        throw mustComeFirst('CASE.NO_ACTIVE_SEPARATION', 'separation', 'Decide a temporary separation');
      if (Date.parse(active.endsAt) < Date.parse(now)) {
        throw new DomainError(
          'CASE.SEPARATION_ALREADY_ENDED',
          `The separation ended at ${active.endsAt}; revoke it and, if the child must stay away from home, decide a new separation.`,
        );
      }
      const reason = requireText('reason', command.reason, 'say why the separation is extended.');
      const endsAt = Date.parse(command.endsAt);
      if (Number.isNaN(endsAt) || endsAt <= Date.parse(active.endsAt)) {
        throw invalid('CASE.INVALID_TIME', 'endsAt', `must be after the current end (${active.endsAt}).`);
      }
      const max = command.rules.policy.separationMaxDays;
      const authority = command.authorityRequest ?? null;
      if (endsAt - Date.parse(active.startsAt) > max * DAY && !authority) {
        throw invalid(
          'CASE.SEPARATION_LIMIT_EXCEEDED',
          'authorityRequest',
          `in all the separation would exceed ${max} days from ${active.startsAt}; beyond that it needs a competent authority's request (authority and reference).`,
        );
      }
      if (authority) {
        requireText('authorityRequest.authority', authority.authority, 'name the authority.');
        requireText('authorityRequest.reference', authority.reference, 'give the request reference.');
      }
      return [
        {
          type: 'TemporarySeparationExtended',
          data: {
            separationId: active.separationId,
            previousEndsAt: active.endsAt,
            endsAt: new Date(endsAt).toISOString(),
            reason,
            authorityRequest: authority,
            at: now,
          },
        },
      ];
    }

    case 'RevokeSeparation': {
      requireOpen(state);
      const active = activeSeparation(state);
      if (!active)
        throw mustComeFirst('CASE.NO_ACTIVE_SEPARATION', 'separation', 'Decide a temporary separation');
      const revokedAt = declared('revokedAt', command.revokedAt, command, state);
      if (Date.parse(revokedAt) < Date.parse(active.startsAt)) {
        throw invalid('CASE.INVALID_TIME', 'revokedAt', 'cannot be before the separation started.');
      }
      return [
        {
          type: 'TemporarySeparationRevoked',
          data: {
            separationId: active.separationId,
            revokedAt,
            reason: requireText('reason', command.reason, 'say why (e.g. the home is safe again).'),
            at: now,
          },
        },
      ];
    }

    case 'RecordDetailedAssessment': {
      requireOpen(state);
      requireWorker(state);
      requireLevel(state);
      if (state.plan?.approved) {
        throw new DomainError(
          'CASE.PLAN_ALREADY_APPROVED',
          'The plan is approved; new findings go into a review (POST /cases/:id/reviews).',
          'conflict',
        );
      }
      if (command.needs.length === 0)
        throw invalid('CASE.FIELD_REQUIRED', 'needs', 'name at least one need.');
      return [
        {
          type: 'DetailedAssessmentRecorded',
          data: {
            assessedAt: declared('assessedAt', command.assessedAt, command, state),
            at: now,
            scores: command.scores,
            needs: [...new Set(command.needs)],
            assistedBy: command.assistedBy ?? null,
            summary: command.summary.trim(),
          },
        },
      ];
    }

    case 'RecordNeedsMeeting': {
      requireOpen(state);
      requireLevel(state);
      if (!state.detailedAssessment) {
        throw mustComeFirst(
          'CASE.DETAILED_ASSESSMENT_NOT_RECORDED',
          'detailedAssessment',
          'The needs meeting works from the detailed assessment; record it',
        );
      }
      if (!command.participants.some((p) => p.role === 'commune_chair')) {
        throw invalid(
          'CASE.MEETING_WITHOUT_CHAIR',
          'participants',
          'the commune chair chairs the needs meeting.',
        );
      }
      const views = command.childViews;
      if (views.heard && !(views.summary ?? '').trim()) {
        throw invalid('CASE.FIELD_REQUIRED', 'childViews.summary', "record the child's views.");
      }
      if (!views.heard && !(views.reasonNotHeard ?? '').trim()) {
        throw invalid(
          'CASE.FIELD_REQUIRED',
          'childViews.reasonNotHeard',
          "say why the child's views were not heard.",
        );
      }
      return [
        {
          type: 'NeedsMeetingHeld',
          data: {
            heldAt: declared('heldAt', command.heldAt, command, state),
            at: now,
            participants: command.participants.map((p) => ({ role: p.role, name: p.name?.trim() || null })),
            childViews: {
              heard: views.heard,
              summary: views.heard ? views.summary!.trim() : null,
              reasonNotHeard: views.heard ? null : views.reasonNotHeard!.trim(),
            },
            minutes: requireText('minutes', command.minutes, 'the minutes of the meeting are kept.'),
          },
        },
      ];
    }

    case 'DraftPlan': {
      requireOpen(state);
      requireWorker(state);
      const level = requireLevel(state);
      if (!state.detailedAssessment) {
        throw mustComeFirst(
          'CASE.DETAILED_ASSESSMENT_NOT_RECORDED',
          'detailedAssessment',
          'Record the detailed assessment',
        );
      }
      if (!state.needsMeeting) {
        throw mustComeFirst(
          'CASE.NEEDS_MEETING_NOT_HELD',
          'needsMeeting',
          'Hold and record the needs meeting',
        );
      }
      const plan = state.plan;
      if (plan?.status === 'submitted') {
        throw new DomainError(
          'CASE.PLAN_AWAITING_DECISION',
          'The plan is with the chair for decision; it can be revised after it is returned.',
          'conflict',
        );
      }
      if (plan?.status === 'approved') {
        throw new DomainError(
          'CASE.PLAN_ALREADY_APPROVED',
          'The plan is approved; revise it after a review with outcome "revise" (POST /cases/:id/reviews).',
          'precondition',
          { requiredStep: 'reviews' },
        );
      }
      validatePlan(command, level);
      const revising = plan !== null && plan.status !== 'draft';
      return [
        {
          type: 'PlanDrafted',
          data: {
            planVersion: (plan?.version ?? 0) + 1,
            goals: command.goals.map((g) => g.trim()).filter(Boolean),
            items: command.items.map((i) => ({
              ...i,
              description: i.description.trim(),
              responsibleBody: i.responsibleBody.trim(),
            })),
            revisionReason: revising
              ? requireText(
                  'revisionReason',
                  command.revisionReason,
                  'say what the revision changes and why.',
                )
              : (command.revisionReason?.trim() ?? null) || null,
            at: now,
          },
        },
      ];
    }

    case 'SubmitPlan': {
      requireOpen(state);
      const plan = state.plan;
      if (!plan || plan.status !== 'draft') {
        if (plan?.status === 'submitted') return [];
        throw mustComeFirst('CASE.PLAN_NOT_DRAFTED', 'plan', 'Draft the plan (or its revision)');
      }
      const days = command.rules.policy.planApprovalWorkingDays;
      return [
        {
          type: 'PlanSubmitted',
          data: {
            planVersion: plan.version,
            submittedAt: now,
            at: now,
            deadlines: [
              deadline(
                'plan_approval',
                `plan_approval:${count(state, 'plan_approval') + 1}`,
                now,
                addWorkingDays(now, days, command.rules.calendar),
                command.rules,
                `Decree 56 Ch. III step 9: the chair decides on the plan within ${days} working days (policy)`,
                true,
              ),
            ],
          },
        },
      ];
    }

    case 'DecidePlan': {
      requireOpen(state);
      const plan = state.plan;
      if (plan?.status !== 'submitted') {
        throw mustComeFirst('CASE.PLAN_NOT_SUBMITTED', 'planSubmission', 'The worker submits the plan');
      }
      if (command.decision === 'return') {
        return [
          {
            type: 'PlanReturned',
            data: {
              planVersion: plan.version,
              reasons: requireText(
                'reasons',
                command.reasons,
                'say why the plan is returned and what to change.',
              ),
              returnedAt: now,
              at: now,
            },
          },
        ];
      }
      const deadlines = itemDeadlines(plan.version, plan.items, now, command.rules);
      if (!state.deadlines.some((d) => d.kind === 'review' && isPending(d))) {
        deadlines.unshift(reviewDeadline(state, now, command.rules));
      }
      return [
        {
          type: 'PlanApproved',
          data: {
            planVersion: plan.version,
            decisionNo: command.decisionNo ?? null,
            approvedAt: now,
            at: now,
            deadlines,
          },
        },
      ];
    }

    case 'RecordService': {
      requireOpen(state);
      const approved = state.plan?.approved;
      if (!approved || state.plan?.status === 'ended') {
        throw mustComeFirst(
          'CASE.PLAN_NOT_APPROVED',
          'planDecision',
          'Services are delivered against an approved plan; the chair approves it',
        );
      }
      if (!approved.items.some((i) => i.itemId === command.itemId)) {
        throw invalid(
          'CASE.UNKNOWN_PLAN_ITEM',
          'itemId',
          `not an item of the approved plan (version ${approved.version}); items: ${approved.items.map((i) => i.itemId).join(', ')}.`,
        );
      }
      const deliveredAt = declared('deliveredAt', command.deliveredAt, command, state);
      return [
        {
          type: 'ServiceDelivered',
          data: {
            serviceId: command.serviceId,
            itemId: command.itemId,
            deliveredAt,
            provider: requireText('provider', command.provider, 'name who delivered the service.'),
            description: command.description.trim(),
            completesItem: command.completesItem,
            at: now,
          },
        },
      ];
    }

    case 'RecordReview': {
      requireOpen(state);
      if (state.status !== 'implementing') {
        throw mustComeFirst(
          'CASE.PLAN_NOT_APPROVED',
          'planDecision',
          'Reviews follow the implementation of an approved plan; the chair approves it',
        );
      }
      const reviewedAt = declared('reviewedAt', command.reviewedAt, command, state);
      if (command.outcome === 'end') {
        const unstable = STABILITY_ASPECTS.filter((a) => !command.stability[a]);
        if (!command.childSafe || unstable.length) {
          throw invalid(
            'CASE.END_REQUIRES_SAFE_AND_STABLE',
            command.childSafe ? `stability.${unstable[0]}` : 'childSafe',
            'the plan ends only when the child is no longer at risk and is stable physically, psychologically, cognitively and emotionally (Decree 56 Art. 30); choose continue or revise.',
          );
        }
      }
      const deadlines: DeadlineV1[] = [];
      if (command.outcome === 'continue') deadlines.push(reviewDeadline(state, reviewedAt, command.rules));
      if (command.outcome === 'revise') {
        deadlines.push(
          planDraftDeadline(state, reviewedAt, command.rules, 'of the review that asked for a revision'),
        );
      }
      return [
        {
          type: 'ReviewRecorded',
          data: {
            reviewedAt,
            at: now,
            scores: command.scores,
            childSafe: command.childSafe,
            stability: command.stability,
            outcome: command.outcome,
            notes: command.notes.trim(),
            deadlines,
          },
        },
      ];
    }

    case 'EndPlan': {
      requireOpen(state);
      const last = state.reviews[state.reviews.length - 1];
      if (state.status !== 'implementing' || !last || last.outcome !== 'end') {
        throw mustComeFirst(
          'CASE.REVIEW_NOT_RECOMMENDING_END',
          'review',
          'The plan ends on a review that finds the child safe and stable (outcome "end"); record that review',
        );
      }
      requireNoSeparation(state, 'The child is still separated');
      return [
        { type: 'PlanEnded', data: { endedAt: now, at: now, note: command.note.trim() } },
        {
          type: 'CaseClosed',
          data: {
            reason: 'plan_ended',
            note: command.note.trim(),
            mergedIntoCaseId: null,
            transferredTo: null,
            closedAt: now,
            retention: retentionFrom(now, command.rules),
          },
        },
      ];
    }

    case 'CloseCase': {
      requireOpen(state);
      const note = command.note.trim();
      switch (command.reason) {
        case 'plan_ended':
          throw mustComeFirst(
            'CASE.USE_END_PLAN',
            'endPlan',
            'A plan is ended by the chair on a review; end the plan',
          );
        case 'no_protection_need':
          if (
            !state.initialAssessment ||
            state.initialAssessment.outcome !== 'no_protection_need' ||
            state.level
          ) {
            throw new DomainError(
              'CASE.PROTECTION_NEED_ASSESSED',
              state.initialAssessment
                ? 'The assessment found a protection need; this reason does not apply.'
                : 'Record the initial assessment first (POST /cases/:id/initial-assessment).',
              'precondition',
              { requiredStep: STEP_PATH.initialAssessment },
            );
          }
          break;
        case 'not_verified':
          if (state.plan?.approved) {
            throw new DomainError(
              'CASE.ALREADY_VERIFIED',
              'A plan has been approved for this case; the report was verified.',
            );
          }
          break;
        case 'duplicate_merged':
          if (!command.mergedIntoCaseId || command.mergedIntoCaseId === state.caseId) {
            throw invalid('CASE.FIELD_REQUIRED', 'mergedIntoCaseId', 'name the case this one duplicates.');
          }
          break;
        case 'transferred_out':
          requireText(
            'transferredTo',
            command.transferredTo,
            'name where the case went (authority, country).',
          );
          break;
        default:
          requireText('note', note, 'record the fact behind the closure (e.g. date of birth, certificate).');
      }
      requireNoSeparation(state, 'The child is still separated');
      return [
        {
          type: 'CaseClosed',
          data: {
            reason: command.reason,
            note,
            mergedIntoCaseId: command.reason === 'duplicate_merged' ? command.mergedIntoCaseId! : null,
            transferredTo: command.reason === 'transferred_out' ? command.transferredTo!.trim() : null,
            closedAt: now,
            retention: retentionFrom(now, command.rules),
          },
        },
      ];
    }

    case 'ReopenCase': {
      if (state.status !== 'closed') {
        throw new DomainError(
          'CASE.NOT_CLOSED',
          'The case is open; only a closed case is reopened.',
          'conflict',
        );
      }
      if (state.closure?.reason === 'deceased') {
        throw new DomainError(
          'CASE.CHILD_DECEASED',
          'The case was closed because the child died; it cannot be reopened.',
        );
      }
      return [
        {
          type: 'CaseReopened',
          data: {
            reason: requireText('reason', command.reason, 'say why the case is reopened.'),
            reopenedAt: now,
            deadlines: [initialAssessmentDeadline(state, now, command.rules)],
          },
        },
      ];
    }

    case 'ChangeLevel': {
      requireOpen(state);
      const from = requireLevel(state);
      if (from === command.to) return [];
      if (command.to === 'support')
        requireNoSeparation(state, 'A separated child is at the intervention level');
      return [
        {
          type: 'ProtectionLevelChanged',
          data: {
            from,
            to: command.to,
            reason: requireText('reason', command.reason, 'every change of level has a reason.'),
            at: now,
          },
        },
      ];
    }

    case 'NotifyPolice': {
      requireOpen(state);
      if (state.police) {
        throw new DomainError(
          'CASE.POLICE_ALREADY_NOTIFIED',
          `The police (${state.police.policeUnit}) were notified at ${state.police.notifiedAt}.`,
          'conflict',
        );
      }
      return [
        {
          type: 'PoliceNotified',
          data: {
            notifiedAt: declared('notifiedAt', command.notifiedAt, command, state),
            policeUnit: requireText('policeUnit', command.policeUnit, 'name the police unit notified.'),
            reference: command.reference?.trim() || null,
            at: now,
          },
        },
      ];
    }

    case 'RecordCriminalOutcome': {
      if (!state.police) {
        throw mustComeFirst('CASE.POLICE_NOT_NOTIFIED', 'police', 'Record that the police were notified');
      }
      const decidedAt = declared('decidedAt', command.decidedAt, command, state);
      if (Date.parse(decidedAt) < Date.parse(state.police.notifiedAt)) {
        throw invalid('CASE.INVALID_TIME', 'decidedAt', 'cannot be before the police were notified.');
      }
      return [
        {
          type: 'CriminalOutcomeRecorded',
          data: { outcome: command.outcome, decidedAt, note: command.note.trim(), at: now },
        },
      ];
    }

    case 'RequestTransfer': {
      requireOpen(state);
      if (state.pendingTransfer) {
        throw new DomainError(
          'CASE.TRANSFER_PENDING',
          `A transfer to commune ${state.pendingTransfer.toCommuneCode} awaits its answer.`,
          'conflict',
        );
      }
      if (command.toCommuneCode === state.ownerCommuneCode) {
        throw invalid(
          'CASE.TRANSFER_TO_SELF',
          'toCommuneCode',
          'the case is already carried by this commune.',
        );
      }
      requireNoSeparation(state, 'The child is still separated by this commune’s decision');
      return [
        {
          type: 'CaseTransferRequested',
          data: {
            toCommuneCode: command.toCommuneCode,
            toProvinceCode: command.toProvinceCode,
            reason: requireText('reason', command.reason, 'say why (e.g. the child moved).'),
            at: now,
          },
        },
      ];
    }

    case 'AcceptTransfer':
    case 'DeclineTransfer': {
      requireOpen(state);
      const pending = state.pendingTransfer;
      if (!pending) {
        throw new DomainError(
          'CASE.NO_PENDING_TRANSFER',
          'No transfer of this case awaits an answer.',
          'precondition',
        );
      }
      if (command.type === 'DeclineTransfer') {
        return [
          {
            type: 'CaseTransferDeclined',
            data: {
              toCommuneCode: pending.toCommuneCode,
              reason: requireText('reason', command.reason, 'say why the commune declines.'),
              at: now,
            },
          },
        ];
      }
      return [
        {
          type: 'CaseTransferAccepted',
          data: {
            fromCommuneCode: state.ownerCommuneCode!,
            toCommuneCode: pending.toCommuneCode,
            toProvinceCode: pending.toProvinceCode,
            at: now,
          },
        },
      ];
    }

    case 'AddReport': {
      // Recorded whatever the status: on a closed case it is the reason to consider reopening it.
      if (state.additionalReports.some((r) => r.contactId === command.contactId)) return [];
      return [
        {
          type: 'ReportAdded',
          data: {
            contactId: command.contactId,
            receivedAt: command.receivedAt,
            urgent: command.urgent,
            concerns: command.concerns,
            children: command.children,
            addedAt: now,
          },
        },
      ];
    }

    case 'MarkDeadlinesMissed': {
      if (state.status === 'closed') return [];
      return state.deadlines
        .filter((d) => d.status === 'open' && Date.parse(d.dueAt) < Date.parse(now))
        .map((d) => ({
          type: 'DeadlineMissed' as const,
          data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt, detectedAt: now },
        }));
    }

    case 'ErasePersonalData': {
      // An erasure at the chair's word alone would let a commune destroy its own abuse record.
      throw new DomainError(
        'ERASURE.APPROVAL_REQUIRED',
        `An erasure needs a second approver outside the commune: request it (POST /cases/:id/${STEP_PATHS.RequestErasure}); a provincial officer of province ${state.ownerProvinceCode} approves it (POST /cases/:id/${STEP_PATHS.ApproveErasure}).`,
        'precondition',
        { requiredStep: STEP_PATHS.RequestErasure },
      );
    }

    case 'RequestErasure': {
      // A case in progress needs its record: protection comes first, erasure after the case is over.
      if (state.status !== 'closed') {
        throw mustComeFirst(
          'CASE.NOT_CLOSED',
          'closure',
          'The case is still open; its personal data is erased only once it is closed. Close the case',
        );
      }
      const reference = requireReference(command.reference, 'ERASURE', 'an erasure');
      // Asked twice (a retry, a second request): nothing new to erase on this basis.
      if (!somethingToErase(state, command.basis)) return [];
      const pending = state.erasureRequest;
      if (pending) {
        throw new DomainError(
          'ERASURE.REQUEST_PENDING',
          `Erasure request ${pending.requestId} (${pending.basis}, ${pending.reference}) awaits the decision of province ${state.ownerProvinceCode}: it is approved or rejected first.`,
          'conflict',
          { requestId: pending.requestId, requiredStep: STEP_PATHS.ApproveErasure },
        );
      }
      requireNoLegalHold(state);
      const retentionEndsAt = requireRetentionElapsed(state, command.basis, command.rules, now);
      return [
        {
          type: 'ErasureRequested',
          data: {
            requestId: command.requestId,
            basis: command.basis,
            reference,
            requestedBy: command.metadata.actor.id,
            requesterCommuneCode: command.metadata.actor.unit,
            requestedAt: now,
            retentionEndsAt,
          },
        },
      ];
    }

    case 'ApproveErasure': {
      const request = requirePendingRequest(state, command.requestId);
      if (command.metadata.actor.id === request.requestedBy) {
        throw new DomainError(
          'ERASURE.REQUESTER_CANNOT_APPROVE',
          'You requested this erasure: another provincial officer of the province approves it.',
          'forbidden',
        );
      }
      const communes = [state.ownerCommuneCode, request.requesterCommuneCode].filter((c) => c !== null);
      const inCommune = command.actorUnits.filter((u) => communes.includes(u));
      if (inCommune.length) {
        throw new DomainError(
          'ERASURE.APPROVER_IN_SAME_COMMUNE',
          `You also act for commune ${inCommune.join(', ')}, which asks for this erasure: an officer of province ${state.ownerProvinceCode} who does not act for the commune approves it.`,
          'forbidden',
        );
      }
      // Decided again at the approval: a hold or a new report may have come since the request.
      requireNoLegalHold(state);
      requireRetentionElapsed(state, request.basis, command.rules, now);
      const cascade = erasureCascade(state, request.basis);
      return [
        {
          type: 'PersonalDataErased',
          data: {
            erasureId: command.erasureId,
            requestId: request.requestId,
            requestedBy: request.requestedBy,
            basis: request.basis,
            reference: request.reference,
            subjects: [caseSubject(state.caseId!)],
            contactIds: cascade.map((c) => c.contactId),
            cascade,
            erasedAt: now,
          },
        },
      ];
    }

    case 'RejectErasure': {
      const request = requirePendingRequest(state, command.requestId);
      return [
        {
          type: 'ErasureRejected',
          data: {
            requestId: request.requestId,
            reasonCode: requireCode(
              'ERASURE.REASON_CODE_UNKNOWN',
              'reasonCode',
              command.reasonCode,
              ERASURE_REJECTION_REASONS,
            ),
            rejectedBy: command.metadata.actor.id,
            rejectedAt: now,
          },
        },
      ];
    }

    case 'PlaceLegalHold': {
      const reasonCode = requireCode(
        'LEGAL_HOLD.REASON_CODE_UNKNOWN',
        'reasonCode',
        command.reasonCode,
        LEGAL_HOLD_REASONS,
      );
      const reference = requireReference(command.reference, 'LEGAL_HOLD', 'a legal hold');
      if (state.legalHolds.some((h) => h.holdId === command.holdId)) return [];
      return [
        {
          type: 'LegalHoldPlaced',
          data: {
            holdId: command.holdId,
            reasonCode,
            reference,
            placedBy: command.metadata.actor.id,
            placedAt: now,
          },
        },
      ];
    }

    case 'ReleaseLegalHold': {
      const reasonCode = requireCode(
        'LEGAL_HOLD.REASON_CODE_UNKNOWN',
        'reasonCode',
        command.reasonCode,
        LEGAL_HOLD_RELEASE_REASONS,
      );
      const reference = requireReference(command.reference, 'LEGAL_HOLD', 'the release of a legal hold');
      if (!state.legalHolds.some((h) => h.holdId === command.holdId)) {
        const inPlace = state.legalHolds.map((h) => h.holdId);
        throw new DomainError(
          'LEGAL_HOLD.NOT_IN_PLACE',
          `No hold ${command.holdId} is in place on this case${inPlace.length ? `; the holds in place: ${inPlace.join(', ')}` : ''}.`,
          'precondition',
          { holds: inPlace },
        );
      }
      return [
        {
          type: 'LegalHoldReleased',
          data: {
            holdId: command.holdId,
            reasonCode,
            reference,
            releasedBy: command.metadata.actor.id,
            releasedAt: now,
          },
        },
      ];
    }
  }
}

export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = { initialState, evolve, decide };
