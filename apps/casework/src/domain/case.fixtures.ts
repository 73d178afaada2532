// Commands and event histories for the decider's specs and property test: one case walked through
// the whole procedure, so a spec can start from "just before step X".
import type { CommandMetadata } from '@cp/contracts';
import { caseDecider } from './case.decider';
import type { CaseCommand, CaseCommandType, DeadlineRules } from './case.commands';
import type { CaseEvent } from './case.events';
import type { RiskScores } from './case.vocabulary';
import { NATIONAL_DEFAULT_POLICY, WEEKENDS_ONLY } from './deadline-policy';

export const COMMUNE = '00004';
export const OTHER_COMMUNE = '00008';
/** Monday 23 Nov 2026, 08:00 in Viet Nam. */
export const RECEIVED = '2026-11-23T01:00:00.000Z';
export const rules: DeadlineRules = { policy: NATIONAL_DEFAULT_POLICY, calendar: WEEKENDS_ONLY };

let n = 0;
export function meta(role: string, now: string, unit: string | null = COMMUNE): CommandMetadata {
  n += 1;
  return {
    commandId: `cmd-${n}`,
    correlationId: 'corr',
    causationId: null,
    actor: { id: role === 'commune_worker' ? 'worker-1' : `${role}-1`, roles: [role], unit },
    now,
  };
}

export const at = (hours: number) => new Date(Date.parse(RECEIVED) + hours * 3_600_000).toISOString();
export const scores = (r: 'high' | 'medium' | 'low'): RiskScores => ({
  severity_of_harm: r,
  abuser_access: r,
  care_setting_obstacles: r,
  child_capacity: r,
});
export const stable = { physical: true, psychological: true, cognitive: true, emotional: true };

export const ITEM = '7d3c1b1e-2f4a-4c1e-9a51-0c7f1f2b3a41';
export const SEPARATION = 'sep-1';
/** The province of COMMUNE and OTHER_COMMUNE (Hà Nội). */
export const PROVINCE = '01';
export const REQUEST = 'request-1';
export const HOLD = 'hold-1';
/** The rules of a locality whose closed case files are kept `days` days (its policy version says so). */
export const withRetention = (days: number): DeadlineRules => ({
  ...rules,
  policy: {
    ...NATIONAL_DEFAULT_POLICY,
    version: `${COMMUNE}@2026-11-01.${days}d`,
    scope: COMMUNE,
    retentionDaysAfterClosure: days,
  },
});
/** A locality whose closed case files may be erased as soon as they are closed (still with approval). */
export const SHORT_RETENTION = withRetention(0);

type Buildable = Exclude<CaseCommandType, 'MarkDeadlinesMissed'>;
const W = 'commune_worker';
const C = 'commune_chair';

/** One builder per command, valid right after the steps before it in PROCEDURE. */
export const build: { [K in Buildable]: (now: string) => Extract<CaseCommand, { type: K }> } = {
  OpenCase: (now) => ({
    type: 'OpenCase',
    caseId: 'case-1',
    source: { kind: 'hotline_referral', contactId: 'contact-1', referralId: 'referral-1' },
    incidentCommuneCode: COMMUNE,
    provinceCode: '01',
    residenceCommuneCode: null,
    receivedAt: RECEIVED,
    urgent: true,
    concerns: ['violence'],
    children: [{ childRef: 'child-1', sex: 'female', ageYears: 9 }],
    metadata: meta('system', now),
    rules,
  }),
  AssignWorker: (now) => ({ type: 'AssignWorker', workerId: 'worker-1', metadata: meta(C, now), rules }),
  RecordResidence: (now) => ({
    type: 'RecordResidence',
    communeCode: COMMUNE,
    provinceCode: '01',
    metadata: meta(W, now),
    rules,
  }),
  RecordInitialAssessment: (now) => ({
    type: 'RecordInitialAssessment',
    scores: scores('high'),
    seriousThreat: true,
    caregiverIsAbuser: true,
    outcome: 'intervention',
    summary: 'Bruises; the stepfather hits the child.',
    metadata: meta(W, now),
    rules,
  }),
  TakeEmergencyMeasures: (now) => ({
    type: 'TakeEmergencyMeasures',
    measures: [
      { measure: 'removal_from_danger', by: 'police', description: 'Child taken to the grandmother.' },
    ],
    metadata: meta(C, now),
    rules,
  }),
  DecideSeparation: (now) => ({
    type: 'DecideSeparation',
    separationId: SEPARATION,
    decisionNo: '12/QĐ-UBND',
    placement: 'relative',
    placementNote: 'With the maternal grandmother.',
    endsAt: new Date(Date.parse(now) + 10 * 86_400_000).toISOString(),
    metadata: meta(C, now),
    rules,
  }),
  ExtendSeparation: (now) => ({
    type: 'ExtendSeparation',
    endsAt: new Date(Date.parse(now) + 4 * 86_400_000).toISOString(),
    reason: 'Home visit not yet done.',
    authorityRequest: null,
    metadata: meta(C, now),
    rules,
  }),
  RevokeSeparation: (now) => ({
    type: 'RevokeSeparation',
    reason: 'The stepfather left the home; the mother can protect the child.',
    metadata: meta(C, now),
    rules,
  }),
  RecordDetailedAssessment: (now) => ({
    type: 'RecordDetailedAssessment',
    scores: scores('medium'),
    needs: ['safety', 'psychological'],
    assistedBy: 'hotline_111',
    summary: 'Needs counselling and a safe home.',
    metadata: meta(W, now),
    rules,
  }),
  RecordNeedsMeeting: (now) => ({
    type: 'RecordNeedsMeeting',
    participants: [
      { role: 'commune_chair' },
      { role: 'commune_worker' },
      { role: 'parent' },
      { role: 'child' },
    ],
    childViews: { heard: true, summary: 'Wants to stay at school and see her grandmother.' },
    minutes: 'Agreed on counselling and supervision.',
    metadata: meta(C, now),
    rules,
  }),
  DraftPlan: (now) => ({
    type: 'DraftPlan',
    goals: ['The child is safe at home'],
    items: [
      {
        itemId: ITEM,
        measure: 'psychological_recovery',
        description: 'Weekly counselling',
        responsibleBody: 'Commune health station',
        dueDate: '2027-01-15',
      },
    ],
    metadata: meta(W, now),
    rules,
  }),
  SubmitPlan: (now) => ({ type: 'SubmitPlan', metadata: meta(W, now), rules }),
  DecidePlan: (now) => ({
    type: 'DecidePlan',
    decision: 'approve',
    decisionNo: '15/QĐ-UBND',
    metadata: meta(C, now),
    rules,
  }),
  RecordService: (now) => ({
    type: 'RecordService',
    serviceId: 'service-1',
    itemId: ITEM,
    provider: 'Commune health station',
    description: 'Four sessions',
    completesItem: true,
    metadata: meta(W, now),
    rules,
  }),
  RecordReview: (now) => ({
    type: 'RecordReview',
    scores: scores('low'),
    childSafe: true,
    stability: stable,
    outcome: 'end',
    notes: 'Safe and stable.',
    metadata: meta(W, now),
    rules,
  }),
  EndPlan: (now) => ({ type: 'EndPlan', note: 'Plan completed.', metadata: meta(C, now), rules }),
  CloseCase: (now) => ({
    type: 'CloseCase',
    reason: 'child_turned_16',
    note: 'Born 2010-11-01.',
    metadata: meta(C, now),
    rules,
  }),
  ReopenCase: (now) => ({
    type: 'ReopenCase',
    reason: 'New report of violence.',
    metadata: meta(C, now),
    rules,
  }),
  ChangeLevel: (now) => ({
    type: 'ChangeLevel',
    to: 'support',
    reason: 'Risk has fallen.',
    metadata: meta(W, now),
    rules,
  }),
  NotifyPolice: (now) => ({
    type: 'NotifyPolice',
    policeUnit: 'Commune police',
    metadata: meta(W, now),
    rules,
  }),
  RecordCriminalOutcome: (now) => ({
    type: 'RecordCriminalOutcome',
    outcome: 'investigation_opened',
    note: 'Case opened by the district police.',
    metadata: meta(W, now),
    rules,
  }),
  RequestTransfer: (now) => ({
    type: 'RequestTransfer',
    toCommuneCode: OTHER_COMMUNE,
    toProvinceCode: '01',
    reason: 'The family moved.',
    metadata: meta(C, now),
    rules,
  }),
  AcceptTransfer: (now) => ({ type: 'AcceptTransfer', metadata: meta(C, now, OTHER_COMMUNE), rules }),
  AddReport: (now) => ({
    type: 'AddReport',
    contactId: 'contact-2',
    receivedAt: now,
    urgent: false,
    concerns: ['neglect'],
    children: [{ childRef: 'child-9', sex: 'female', ageYears: 9 }],
    metadata: meta('system', now),
    rules,
  }),
  DeclineTransfer: (now) => ({
    type: 'DeclineTransfer',
    reason: 'The family does not live here.',
    metadata: meta(C, now, OTHER_COMMUNE),
    rules,
  }),
  ErasePersonalData: (now) => ({
    type: 'ErasePersonalData',
    erasureId: 'erasure-1',
    basis: 'subject_request',
    reference: 'YC-17/2026',
    metadata: meta(C, now),
    rules,
  }),
  RequestErasure: (now) => ({
    type: 'RequestErasure',
    requestId: REQUEST,
    basis: 'subject_request',
    reference: 'Đơn số 17/2026',
    metadata: meta(C, now),
    rules: SHORT_RETENTION,
  }),
  ApproveErasure: (now) => ({
    type: 'ApproveErasure',
    requestId: REQUEST,
    erasureId: 'erasure-1',
    actorUnits: [PROVINCE],
    metadata: meta('provincial_officer', now, PROVINCE),
    rules: SHORT_RETENTION,
  }),
  RejectErasure: (now) => ({
    type: 'RejectErasure',
    requestId: REQUEST,
    reasonCode: 'document_not_verified',
    metadata: meta('provincial_officer', now, PROVINCE),
    rules,
  }),
  PlaceLegalHold: (now) => ({
    type: 'PlaceLegalHold',
    holdId: HOLD,
    reasonCode: 'criminal_proceedings',
    reference: '45/2026/QĐ-VKS',
    metadata: meta('inspector', now, PROVINCE),
    rules,
  }),
  ReleaseLegalHold: (now) => ({
    type: 'ReleaseLegalHold',
    holdId: HOLD,
    reasonCode: 'proceedings_concluded',
    reference: '46/2026/QĐ-VKS',
    metadata: meta('inspector', now, PROVINCE),
    rules,
  }),
};

/** The emergency case from report to plan ended, with the hour (after receipt) each step is taken. */
export const PROCEDURE: Array<[CaseCommandType, number]> = [
  ['OpenCase', 0.5],
  ['AssignWorker', 1],
  ['RecordInitialAssessment', 4],
  ['TakeEmergencyMeasures', 5],
  ['DecideSeparation', 6],
  ['RecordDetailedAssessment', 24],
  ['RecordNeedsMeeting', 30],
  ['DraftPlan', 48],
  ['SubmitPlan', 49],
  ['DecidePlan', 72],
  ['ExtendSeparation', 200],
  ['RevokeSeparation', 290],
  ['RecordService', 400],
  ['RecordReview', 500],
  ['EndPlan', 501],
];

/**
 * Runs steps through the decider and returns all events; throws on the first refusal. A step is a
 * PROCEDURE entry, a command, or an event already decided (to continue from an earlier history).
 */
export function history(steps: Array<[CaseCommandType, number] | CaseCommand | CaseEvent>): CaseEvent[] {
  const events: CaseEvent[] = [];
  let state = caseDecider.initialState();
  for (const s of steps) {
    if (!Array.isArray(s) && !('metadata' in s)) {
      events.push(s);
      state = caseDecider.evolve(state, s);
      continue;
    }
    const command = Array.isArray(s) ? build[s[0] as keyof typeof build](at(s[1])) : s;
    const out = caseDecider.decide(command, state);
    events.push(...out);
    state = out.reduce(caseDecider.evolve, state);
  }
  return events;
}

/** The events of the procedure up to (not including) the named step. */
export function before(step: CaseCommandType): CaseEvent[] {
  const i = PROCEDURE.findIndex(([t]) => t === step);
  return history(PROCEDURE.slice(0, i));
}
