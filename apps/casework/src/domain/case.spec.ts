import { ROLES, type DeadlineV1 } from '@cp/contracts';
import { specFor } from '@cp/testing';
import { caseDecider } from './case.decider';
import type { CaseCommand, CaseCommandType } from './case.commands';
import type { CaseEvent } from './case.events';
import {
  COMMUNE,
  ITEM,
  OTHER_COMMUNE,
  PROCEDURE,
  PROVINCE,
  RECEIVED,
  REQUEST,
  SHORT_RETENTION,
  at,
  before,
  build,
  history,
  meta,
  rules,
  stable,
  withRetention,
} from './case.fixtures';
import { nextSteps } from './case.next-steps';
import { STEP_RULES } from './case.permissions';
import type { CaseState } from './case.state';
import { NATIONAL_DEFAULT_POLICY, addDays, type WorkingCalendar } from './deadline-policy';

const given = specFor(caseDecider);
const fold = (events: CaseEvent[]): CaseState =>
  events.reduce(caseDecider.evolve, caseDecider.initialState());
const as = (command: CaseCommand, role: string, unit: string | null = command.metadata.actor.unit) => ({
  ...command,
  metadata: { ...command.metadata, actor: { ...command.metadata.actor, roles: [role], unit } },
});
const deadline = (events: CaseEvent[], id: string): DeadlineV1 | undefined =>
  fold(events).deadlines.find((d) => d.id === id);

const opened = history([['OpenCase', 0.5]]);
const assigned = history([
  ['OpenCase', 0.5],
  ['AssignWorker', 1],
]);
const assessed = before('TakeEmergencyMeasures');
const closed = history([['OpenCase', 0.5], build.CloseCase(at(2))]);
/** Closed where the policy keeps a closed file 0 days: erasable at once (with the province's approval). */
const closedShort = history([...opened, { ...build.CloseCase(at(2)), rules: SHORT_RETENTION }]);
const requested = history([...closedShort, build.RequestErasure(at(3))]);
const held = history([...closedShort, build.PlaceLegalHold(at(3))]);

describe('the whole procedure', () => {
  it('carries an emergency case from the report to the plan ended, every deadline met', () => {
    const events = history(PROCEDURE);
    const state = fold(events);
    expect(events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'CaseWorkerAssigned',
      'InitialAssessmentRecorded',
      'EmergencyMeasuresTaken',
      'TemporarySeparationDecided',
      'DetailedAssessmentRecorded',
      'NeedsMeetingHeld',
      'PlanDrafted',
      'PlanSubmitted',
      'PlanApproved',
      'TemporarySeparationExtended',
      'TemporarySeparationRevoked',
      'ServiceDelivered',
      'ReviewRecorded',
      'PlanEnded',
      'CaseClosed',
    ]);
    expect(state).toMatchObject({
      status: 'closed',
      level: 'intervention',
      closure: { reason: 'plan_ended' },
    });
    expect(state.deadlines.map((d) => [d.id, d.status])).toEqual([
      ['initial_assessment:1', 'met'],
      ['emergency_measures:1', 'met'],
      ['plan_draft:1', 'met'],
      ['separation_end:sep-1', 'met'],
      ['plan_approval:1', 'met'],
      ['review:1', 'met'],
      [`plan_item:1:${ITEM}`, 'met'],
    ]);
    expect(nextSteps(state).map((s) => s.step)).toEqual(['reopening']);
  });

  it('moves through the statuses of the procedure', () => {
    const statuses = PROCEDURE.map((_, i) => fold(history(PROCEDURE.slice(0, i + 1))).status);
    expect([...new Set(statuses)]).toEqual([
      'received',
      'assessing',
      'planning',
      'awaiting_approval',
      'implementing',
      'closed',
    ]);
  });
});

describe('who may do each step', () => {
  const steps = PROCEDURE.filter(([t]) => t !== 'OpenCase');
  it.each(steps)(
    '%s: allowed for its roles only, and only in the commune that carries the case',
    (type, hour) => {
      const g = given(before(type));
      const command = build[type as keyof typeof build](at(hour));
      const rule = STEP_RULES[type];
      for (const role of rule.roles) {
        g.when(as(command, role)).thenMatches((events) => expect(events.length).toBeGreaterThan(0));
        g.when(as(command, role, OTHER_COMMUNE)).thenThrows('CASE.NOT_OWNING_COMMUNE');
      }
      for (const role of ROLES.filter((r) => !rule.roles.includes(r))) {
        g.when(as(command, role)).thenThrows('CASE.ROLE_NOT_ALLOWED', rule.roles.join(' or '));
      }
    },
  );

  // The steps outside the main line of the procedure, each from a state where it is legal.
  const pending = () => history([...assigned, build.RequestTransfer(at(3))]);
  const others: Array<[CaseCommandType, () => CaseEvent[], string, string]> = [
    ['RecordResidence', () => assigned, COMMUNE, OTHER_COMMUNE],
    ['CloseCase', () => assigned, COMMUNE, OTHER_COMMUNE],
    ['ReopenCase', () => closed, COMMUNE, OTHER_COMMUNE],
    ['ChangeLevel', () => assessed, COMMUNE, OTHER_COMMUNE],
    ['NotifyPolice', () => opened, COMMUNE, OTHER_COMMUNE],
    ['RecordCriminalOutcome', () => history([...opened, build.NotifyPolice(at(1))]), COMMUNE, OTHER_COMMUNE],
    ['RequestTransfer', () => assessed, COMMUNE, OTHER_COMMUNE],
    ['AcceptTransfer', pending, OTHER_COMMUNE, COMMUNE],
    ['DeclineTransfer', pending, OTHER_COMMUNE, COMMUNE],
    ['RequestErasure', () => closedShort, COMMUNE, OTHER_COMMUNE],
    // The province's steps: an officer of the carrying commune's province (01), not of another (79).
    ['ApproveErasure', () => requested, PROVINCE, '79'],
    ['RejectErasure', () => requested, PROVINCE, '79'],
    ['PlaceLegalHold', () => closedShort, PROVINCE, '79'],
    ['ReleaseLegalHold', () => held, PROVINCE, '79'],
  ];
  it.each(others)('%s: allowed for its roles only, in its commune', (type, events, unit, wrongUnit) => {
    const g = given(events());
    const command = build[type as keyof typeof build](at(6));
    const rule = STEP_RULES[type];
    const wrong =
      {
        receiving: 'CASE.NOT_RECEIVING_COMMUNE',
        province: 'CASE.NOT_CASE_PROVINCE',
      }[rule.unit as string] ?? 'CASE.NOT_OWNING_COMMUNE';
    for (const role of rule.roles) {
      g.when(as(command, role, unit)).thenMatches((out) => expect(out.length).toBeGreaterThan(0));
      g.when(as(command, role, wrongUnit)).thenThrows(wrong);
    }
    for (const role of ROLES.filter((r) => !rule.roles.includes(r))) {
      g.when(as(command, role, unit)).thenThrows('CASE.ROLE_NOT_ALLOWED');
    }
  });

  it('covers every step in these role tables', () => {
    const covered = new Set<string>([
      ...steps.map(([t]) => t),
      ...others.map(([t]) => t),
      'OpenCase',
      'AddReport',
      'MarkDeadlinesMissed',
      // refused to everyone, its roles included (below)
      'ErasePersonalData',
    ]);
    expect(Object.keys(STEP_RULES).filter((t) => !covered.has(t))).toEqual([]);
  });

  it('keeps erasure out of the commune’s hands alone: the chair requests, only the province approves', () => {
    given(closedShort)
      .when(as(build.ErasePersonalData(at(6)), 'commune_chair'))
      .thenThrows('ERASURE.APPROVAL_REQUIRED', '/cases/:id/erasure-request');
    given(closedShort)
      .when(as(build.ErasePersonalData(at(6)), 'commune_worker'))
      .thenThrows('CASE.ROLE_NOT_ALLOWED');
    given(requested)
      .when(as(build.ApproveErasure(at(6)), 'commune_chair', COMMUNE))
      .thenThrows('CASE.ROLE_NOT_ALLOWED', 'provincial_officer');
    given(requested)
      .when(as(build.ApproveErasure(at(6)), 'inspector', PROVINCE))
      .thenThrows('CASE.ROLE_NOT_ALLOWED', 'provincial_officer');
    // National oversight counts as outside the commune too.
    given(requested)
      .when(as(build.ApproveErasure(at(6)), 'provincial_officer', 'VN'))
      .thenMatches(([e]) => expect(e.type).toBe('PersonalDataErased'));
  });

  it('keeps the chair’s decisions from the worker', () => {
    const chairSteps = (Object.keys(STEP_RULES) as CaseCommandType[]).filter(
      (t) => STEP_RULES[t].roles.length === 1 && STEP_RULES[t].roles[0] === 'commune_chair',
    );
    expect(chairSteps).toEqual(
      expect.arrayContaining([
        'TakeEmergencyMeasures',
        'DecideSeparation',
        'ExtendSeparation',
        'RevokeSeparation',
        'DecidePlan',
        'EndPlan',
        'CloseCase',
      ]),
    );
    given(before('DecidePlan'))
      .when(as(build.DecidePlan(at(72)), 'commune_worker'))
      .thenThrows('CASE.ROLE_NOT_ALLOWED');
  });

  it('lets only the receiving commune answer a transfer', () => {
    const pending = history([...assigned, build.RequestTransfer(at(3))]);
    given(pending)
      .when(as(build.AcceptTransfer(at(4)), 'commune_chair', COMMUNE))
      .thenThrows('CASE.NOT_RECEIVING_COMMUNE');
    given(pending)
      .when(build.AcceptTransfer(at(4)))
      .thenMatches((e) => expect(e[0].type).toBe('CaseTransferAccepted'));
  });

  it('records deadline misses only from the service itself', () => {
    given(opened)
      .when({ type: 'MarkDeadlinesMissed', metadata: meta('commune_chair', at(13)), rules })
      .thenThrows('CASE.ROLE_NOT_ALLOWED');
  });
});

describe('illegal steps name the step that must come first', () => {
  const fromOpened: Array<[CaseCommandType, string, string]> = [
    ['RecordInitialAssessment', 'CASE.WORKER_NOT_ASSIGNED', 'assignment'],
    ['DecideSeparation', 'CASE.INITIAL_ASSESSMENT_NOT_RECORDED', 'initial-assessment'],
    ['ExtendSeparation', 'CASE.NO_ACTIVE_SEPARATION', 'separation'],
    ['RevokeSeparation', 'CASE.NO_ACTIVE_SEPARATION', 'separation'],
    ['RecordDetailedAssessment', 'CASE.WORKER_NOT_ASSIGNED', 'assignment'],
    ['RecordNeedsMeeting', 'CASE.INITIAL_ASSESSMENT_NOT_RECORDED', 'initial-assessment'],
    ['DraftPlan', 'CASE.WORKER_NOT_ASSIGNED', 'assignment'],
    ['SubmitPlan', 'CASE.PLAN_NOT_DRAFTED', 'plan'],
    ['DecidePlan', 'CASE.PLAN_NOT_SUBMITTED', 'plan/submission'],
    ['RecordService', 'CASE.PLAN_NOT_APPROVED', 'plan/decision'],
    ['RecordReview', 'CASE.PLAN_NOT_APPROVED', 'plan/decision'],
    ['EndPlan', 'CASE.REVIEW_NOT_RECOMMENDING_END', 'reviews'],
    ['ChangeLevel', 'CASE.INITIAL_ASSESSMENT_NOT_RECORDED', 'initial-assessment'],
    ['RecordCriminalOutcome', 'CASE.POLICE_NOT_NOTIFIED', 'police-notification'],
  ];
  it.each(fromOpened)('%s on a new case → %s', (type, code, step) => {
    given(opened)
      .when(build[type as keyof typeof build](at(2)))
      .thenThrows(code, `/cases/:id/${step}`);
  });

  it.each([
    ['RecordNeedsMeeting', assessed, 'CASE.DETAILED_ASSESSMENT_NOT_RECORDED'],
    ['DraftPlan', assessed, 'CASE.DETAILED_ASSESSMENT_NOT_RECORDED'],
    ['DraftPlan', before('RecordNeedsMeeting'), 'CASE.NEEDS_MEETING_NOT_HELD'],
  ] as Array<[CaseCommandType, CaseEvent[], string]>)('%s too early → %s', (type, events, code) => {
    given(events)
      .when(build[type as keyof typeof build](at(40)))
      .thenThrows(code);
  });

  it.each([
    ['AcceptTransfer', 'CASE.NO_PENDING_TRANSFER'],
    ['DeclineTransfer', 'CASE.NO_PENDING_TRANSFER'],
    ['ReopenCase', 'CASE.NOT_CLOSED'],
  ] as Array<[CaseCommandType, string]>)('%s without its occasion → %s', (type, code) => {
    given(opened)
      .when(build[type as keyof typeof build](at(2)))
      .thenThrows(code);
  });

  it('refuses every step but reopening on a closed case', () => {
    const types = (Object.keys(build) as Array<keyof typeof build>).filter(
      (t) =>
        ![
          'OpenCase',
          'ReopenCase',
          'RecordCriminalOutcome',
          'AcceptTransfer',
          'DeclineTransfer',
          'AddReport',
          'ErasePersonalData',
          'RequestErasure',
          'ApproveErasure',
          'RejectErasure',
          'PlaceLegalHold',
          'ReleaseLegalHold',
        ].includes(t),
    );
    for (const t of types)
      given(closed)
        .when(build[t](at(3)))
        .thenThrows('CASE.CLOSED', '/cases/:id/reopening');
  });

  it('refuses any step on a case that does not exist', () => {
    given([])
      .when(build.AssignWorker(at(1)))
      .thenThrows('CASE.NOT_FOUND');
  });
});

describe('opening a case (step 1)', () => {
  it('starts the 12-hour window at the moment the report was received, recording the policy version', () => {
    given([])
      .when(build.OpenCase(at(0.5)))
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({
          openedAt: at(0.5),
          deadlines: [
            {
              id: 'initial_assessment:1',
              kind: 'initial_assessment',
              startedAt: RECEIVED,
              dueAt: at(12),
              policyVersion: 'national-default@2025-07-01',
              status: 'open',
            },
          ],
        }),
      );
  });

  it('uses a stricter local policy when one applies', () => {
    const local = {
      ...rules,
      policy: { ...NATIONAL_DEFAULT_POLICY, version: 'hn@2026-01', initialAssessmentHours: 8 },
    };
    given([])
      .when({ ...build.OpenCase(at(0.5)), rules: local })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({ deadlines: [{ dueAt: at(8), policyVersion: 'hn@2026-01' }] }),
      );
  });

  it('keeps the Mẫu 01 facts of a report the commune received directly', () => {
    const report = {
      reportNumber: '07/BC',
      channel: 'in_person',
      currentCondition: 'Bruised arms',
      expectedWithoutHelp: 'More beatings',
      actionsTaken: 'Teacher called the commune',
    };
    const command: CaseCommand = {
      ...build.OpenCase(at(0.5)),
      source: { kind: 'commune_direct' },
      category: 'abused',
      children: [{ childRef: 'k', sex: 'male', ageYears: 11, specialCircumstances: ['dropped_out_to_work'] }],
      report,
    };
    given([])
      .when(command)
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({
          category: 'abused',
          report,
          children: [{ specialCircumstances: ['dropped_out_to_work'] }],
        }),
      );
  });

  it('does not open the same case twice (a redelivered referral)', () => {
    given(opened)
      .when(build.OpenCase(at(1)))
      .thenThrows('CASE.ALREADY_OPEN');
  });

  it.each([
    [{ children: [] }, 'CASE.CHILD_REQUIRED', 'children'],
    [{ concerns: [] }, 'CASE.CONCERN_REQUIRED', 'concerns'],
    [{ receivedAt: at(48) }, 'CASE.RECEIVED_IN_FUTURE', 'receivedAt'],
  ])('refuses %o', (patch, code, field) => {
    given([])
      .when({ ...build.OpenCase(at(0.5)), ...patch })
      .thenThrows(code, field);
  });
});

describe('assignment and residence', () => {
  it('assigns and moves the case into assessment; the same worker again appends nothing', () => {
    given(opened)
      .when(build.AssignWorker(at(1)))
      .then([{ type: 'CaseWorkerAssigned', data: { workerId: 'worker-1', assignedAt: at(1) } }]);
    expect(fold(assigned).status).toBe('assessing');
    given(assigned)
      .when(build.AssignWorker(at(2)))
      .then([]);
  });

  it('records the residence once; a move is a transfer', () => {
    const withResidence = history([
      ...assigned,
      { ...build.RecordResidence(at(2)), communeCode: OTHER_COMMUNE },
    ]);
    expect(fold(withResidence).residenceCommuneCode).toBe(OTHER_COMMUNE);
    given(withResidence)
      .when({ ...build.RecordResidence(at(3)), communeCode: '00010' })
      .thenThrows('CASE.RESIDENCE_ALREADY_RECORDED', '/transfer');
  });
});

describe('initial assessment (step 4, Mẫu 02)', () => {
  it('meets the 12-hour deadline, decides the level and opens the emergency and plan deadlines', () => {
    const events = history([...assigned, build.RecordInitialAssessment(at(4))]);
    const state = fold(events);
    expect(state.level).toBe('intervention');
    expect(state.status).toBe('planning');
    expect(deadline(events, 'initial_assessment:1')).toMatchObject({ status: 'met', metAt: at(4) });
    expect(deadline(events, 'emergency_measures:1')).toMatchObject({ status: 'open', dueAt: at(12) });
    // Monday 11:00 local + 5 working days = end of Monday 30 Nov, local time.
    expect(deadline(events, 'plan_draft:1')).toMatchObject({
      status: 'open',
      dueAt: '2026-11-30T17:00:00.000Z',
      calendarVersion: 'weekends-only',
    });
  });

  it('is met late when done after the window', () => {
    const events = history([...assigned, { ...build.RecordInitialAssessment(at(20)), assessedAt: at(13) }]);
    expect(deadline(events, 'initial_assessment:1')).toMatchObject({
      status: 'met_late',
      metAt: at(13),
      metRecordedAt: at(20),
    });
  });

  it('a serious threat calls for intervention', () => {
    given(assigned)
      .when({ ...build.RecordInitialAssessment(at(4)), outcome: 'support' })
      .thenThrows('CASE.THREAT_REQUIRES_INTERVENTION', 'outcome');
  });

  it('no protection need: no level, no plan deadline, and the case can be closed for that reason', () => {
    const events = history([
      ...assigned,
      {
        ...build.RecordInitialAssessment(at(4)),
        seriousThreat: false,
        caregiverIsAbuser: false,
        outcome: 'no_protection_need',
      },
    ]);
    const state = fold(events);
    expect(state.level).toBeNull();
    expect(state.deadlines.map((d) => d.kind)).toEqual(['initial_assessment']);
    expect(nextSteps(state).map((s) => s.step)).toContain('closure');
    given(events)
      .when({ ...build.CloseCase(at(5)), reason: 'no_protection_need', note: '' })
      .thenMatches(([e]) =>
        expect(e).toMatchObject({ type: 'CaseClosed', data: { reason: 'no_protection_need' } }),
      );
    given(events)
      .when(build.RecordDetailedAssessment(at(5)))
      .thenThrows('CASE.NO_PROTECTION_NEED');
  });

  it('is recorded once; the level changes by its own step', () => {
    given(assessed)
      .when(build.RecordInitialAssessment(at(5)))
      .thenThrows('CASE.INITIAL_ASSESSMENT_ALREADY_RECORDED');
  });

  it.each([
    [{ assessedAt: at(30) }, 'CASE.TIME_IN_FUTURE', 'assessedAt'],
    [{ assessedAt: at(-1) }, 'CASE.TIME_BEFORE_REPORT', 'assessedAt'],
  ])('refuses an impossible time %o', (patch, code, field) => {
    given(assigned)
      .when({ ...build.RecordInitialAssessment(at(4)), ...patch })
      .thenThrows(code, field);
  });

  it('adds a detailed-assessment deadline when the local policy sets one', () => {
    const local = {
      ...rules,
      policy: { ...NATIONAL_DEFAULT_POLICY, version: 'x@1', detailedAssessmentWorkingDays: 3 },
    };
    const events = history([...assigned, { ...build.RecordInitialAssessment(at(4)), rules: local }]);
    expect(deadline(events, 'detailed_assessment:1')).toMatchObject({
      dueAt: '2026-11-26T17:00:00.000Z',
      policyVersion: 'x@1',
    });
  });
});

describe('emergency measures (step 5)', () => {
  it('meets the emergency deadline', () => {
    const events = history([...assessed, build.TakeEmergencyMeasures(at(5))]);
    expect(deadline(events, 'emergency_measures:1')).toMatchObject({ status: 'met', metAt: at(5) });
  });

  it('may be taken before the assessment is recorded; then no emergency deadline opens', () => {
    const events = history([
      ...assigned,
      build.TakeEmergencyMeasures(at(2)),
      build.RecordInitialAssessment(at(4)),
    ]);
    expect(fold(events).deadlines.some((d) => d.kind === 'emergency_measures')).toBe(false);
  });

  it('names at least one measure', () => {
    given(assessed)
      .when({ ...build.TakeEmergencyMeasures(at(5)), measures: [] })
      .thenThrows('CASE.FIELD_REQUIRED', 'measures');
  });
});

describe('temporary separation (step 5a, Mẫu 07)', () => {
  const separated = before('RecordDetailedAssessment');

  it('opens a deadline at its end and records the placement', () => {
    const state = fold(separated);
    expect(state.separations[0]).toMatchObject({ placement: 'relative', revokedAt: null });
    expect(deadline(separated, 'separation_end:sep-1')).toMatchObject({ status: 'open', dueAt: at(6 + 240) });
  });

  it('lasts at most 15 days', () => {
    given(assessed)
      .when({ ...build.DecideSeparation(at(6)), endsAt: at(6 + 15 * 24 + 1) })
      .thenThrows('CASE.SEPARATION_TOO_LONG', 'endsAt');
  });

  it('is extended within 15 days in all, beyond that only on a competent authority’s request', () => {
    given(separated)
      .when({ ...build.ExtendSeparation(at(200)), endsAt: at(6 + 20 * 24) })
      .thenThrows('CASE.SEPARATION_LIMIT_EXCEEDED', 'authorityRequest');
    given(separated)
      .when({
        ...build.ExtendSeparation(at(200)),
        endsAt: at(6 + 20 * 24),
        authorityRequest: { authority: 'People’s Court', reference: '45/2026/QĐ' },
      })
      .thenMatches(([e]) => expect(e).toMatchObject({ type: 'TemporarySeparationExtended' }));
    const extended = history([...separated, build.ExtendSeparation(at(200))]);
    expect(deadline(extended, 'separation_end:sep-1')?.dueAt).toBe(at(296));
  });

  it('one separation at a time; revoke it to end it', () => {
    given(separated)
      .when(build.DecideSeparation(at(7)))
      .thenThrows('CASE.SEPARATION_ACTIVE');
    const revoked = history([...separated, build.RevokeSeparation(at(100))]);
    expect(deadline(revoked, 'separation_end:sep-1')).toMatchObject({ status: 'met', metAt: at(100) });
  });

  it('needs the intervention level, and blocks closing, transfer and de-escalation while it lasts', () => {
    const supportOnly = history([
      ...assigned,
      {
        ...build.RecordInitialAssessment(at(4)),
        seriousThreat: false,
        caregiverIsAbuser: false,
        outcome: 'support',
      },
    ]);
    given(supportOnly)
      .when(build.DecideSeparation(at(6)))
      .thenThrows('CASE.SEPARATION_NEEDS_INTERVENTION');
    given(separated)
      .when(build.CloseCase(at(7)))
      .thenThrows('CASE.SEPARATION_ACTIVE', 'separation/revocation');
    given(separated)
      .when(build.RequestTransfer(at(7)))
      .thenThrows('CASE.SEPARATION_ACTIVE');
    given(separated)
      .when(build.ChangeLevel(at(7)))
      .thenThrows('CASE.SEPARATION_ACTIVE');
  });

  it('cannot be extended once it has ended', () => {
    given(separated)
      .when(build.ExtendSeparation(at(6 + 241)))
      .thenThrows('CASE.SEPARATION_ALREADY_ENDED');
  });
});

describe('detailed assessment and needs meeting (steps 6–7)', () => {
  it('records the needs; the meeting is chaired by the chair and hears the child', () => {
    given(before('RecordNeedsMeeting'))
      .when({ ...build.RecordNeedsMeeting(at(30)), participants: [{ role: 'commune_worker' }] })
      .thenThrows('CASE.MEETING_WITHOUT_CHAIR', 'participants');
    given(before('RecordNeedsMeeting'))
      .when({ ...build.RecordNeedsMeeting(at(30)), childViews: { heard: false } })
      .thenThrows('CASE.FIELD_REQUIRED', 'childViews.reasonNotHeard');
    given(before('RecordNeedsMeeting'))
      .when({ ...build.RecordNeedsMeeting(at(30)), minutes: ' ' })
      .thenThrows('CASE.FIELD_REQUIRED', 'minutes');
  });
});

describe('the plan (steps 8–9, Mẫu 04–05)', () => {
  const drafted = before('SubmitPlan');
  const submitted = before('DecidePlan');
  const approved = before('ExtendSeparation');

  it('uses the measures of the case’s level', () => {
    const supportCase = history([
      ...assigned,
      {
        ...build.RecordInitialAssessment(at(4)),
        seriousThreat: false,
        caregiverIsAbuser: false,
        outcome: 'support',
      },
      build.RecordDetailedAssessment(at(24)),
      build.RecordNeedsMeeting(at(30)),
    ]);
    given(supportCase)
      .when(build.DraftPlan(at(48)))
      .thenThrows('CASE.MEASURE_NOT_FOR_LEVEL', 'items[0].measure');
  });

  it.each([
    [{ goals: [' '] }, 'goals'],
    [{ items: [] }, 'items'],
  ])('refuses an incomplete plan %o', (patch, field) => {
    given(before('DraftPlan'))
      .when({ ...build.DraftPlan(at(48)), ...patch })
      .thenThrows('CASE.FIELD_REQUIRED', field);
  });

  it('refuses a due date in the past', () => {
    const cmd = build.DraftPlan(at(48));
    given(before('DraftPlan'))
      .when({ ...cmd, items: [{ ...cmd.items[0], dueDate: '2026-01-01' }] })
      .thenThrows('CASE.DUE_DATE_IN_PAST', 'items[0].dueDate');
  });

  it('submission meets the 5-working-day deadline and opens the approval period', () => {
    const events = history([...drafted, build.SubmitPlan(at(49))]);
    expect(deadline(events, 'plan_draft:1')).toMatchObject({ status: 'met' });
    // Wednesday 09:00 local + 7 working days = end of Friday 4 Dec.
    expect(deadline(events, 'plan_approval:1')).toMatchObject({
      status: 'open',
      dueAt: '2026-12-04T17:00:00.000Z',
    });
    given(history([...drafted, build.SubmitPlan(at(49))]))
      .when(build.SubmitPlan(at(50)))
      .then([]);
  });

  it('the chair returns it with reasons; the worker revises with a reason and resubmits', () => {
    given(submitted)
      .when({ ...build.DecidePlan(at(72)), decision: 'return', reasons: '' })
      .thenThrows('CASE.FIELD_REQUIRED', 'reasons');
    const returned = history([
      ...submitted,
      { ...build.DecidePlan(at(72)), decision: 'return', reasons: 'Add school support.' },
    ]);
    expect(fold(returned)).toMatchObject({
      status: 'planning',
      plan: { status: 'returned', returnReasons: 'Add school support.' },
    });
    given(returned)
      .when(build.DraftPlan(at(73)))
      .thenThrows('CASE.FIELD_REQUIRED', 'revisionReason');
    const revised = history([
      ...returned,
      { ...build.DraftPlan(at(73)), revisionReason: 'School support added.' },
    ]);
    expect(fold(revised).plan).toMatchObject({ version: 2, status: 'draft' });
  });

  it('cannot be changed while the chair decides, nor once approved', () => {
    given(submitted)
      .when(build.DraftPlan(at(60)))
      .thenThrows('CASE.PLAN_AWAITING_DECISION');
    given(approved)
      .when(build.DraftPlan(at(80)))
      .thenThrows('CASE.PLAN_ALREADY_APPROVED', 'reviews');
  });

  it('approval opens the review and plan-item deadlines', () => {
    expect(fold(approved).status).toBe('implementing');
    expect(deadline(approved, 'review:1')).toMatchObject({ status: 'open', dueAt: at(72 + 30 * 24) });
    expect(deadline(approved, `plan_item:1:${ITEM}`)).toMatchObject({
      status: 'open',
      dueAt: '2027-01-15T17:00:00.000Z',
      policyVersion: 'plan:1',
    });
  });
});

describe('services and reviews (steps 10–11, Mẫu 06)', () => {
  const approved = before('ExtendSeparation');

  it('a service is recorded against an item of the approved plan', () => {
    given(approved)
      .when({ ...build.RecordService(at(100)), itemId: 'nope' })
      .thenThrows('CASE.UNKNOWN_PLAN_ITEM', 'itemId');
    const events = history([...approved, build.RecordService(at(100))]);
    expect(deadline(events, `plan_item:1:${ITEM}`)).toMatchObject({ status: 'met' });
  });

  it('a review that continues opens the next review', () => {
    const events = history([
      ...approved,
      { ...build.RecordReview(at(600)), outcome: 'continue', childSafe: false },
    ]);
    expect(deadline(events, 'review:1')).toMatchObject({ status: 'met' });
    expect(deadline(events, 'review:2')).toMatchObject({ status: 'open', dueAt: at(600 + 720) });
  });

  it('a review that revises sends the plan back to drafting with a new deadline', () => {
    const events = history([
      ...approved,
      { ...build.RecordReview(at(600)), outcome: 'revise', childSafe: false },
    ]);
    expect(fold(events)).toMatchObject({ status: 'planning', plan: { status: 'revising' } });
    expect(deadline(events, 'plan_draft:2')).toMatchObject({ status: 'open' });
    // Services continue under the plan in force until the revision is approved.
    expect(fold(events).plan?.approved?.version).toBe(1);
  });

  it('the plan ends only when the child is safe and stable (Art. 30)', () => {
    given(approved)
      .when({ ...build.RecordReview(at(500)), stability: { ...stable, emotional: false } })
      .thenThrows('CASE.END_REQUIRES_SAFE_AND_STABLE', 'stability.emotional');
    given(approved)
      .when({ ...build.RecordReview(at(500)), childSafe: false })
      .thenThrows('CASE.END_REQUIRES_SAFE_AND_STABLE', 'childSafe');
    const continuing = history([...approved, { ...build.RecordReview(at(500)), outcome: 'continue' }]);
    given(continuing)
      .when(build.EndPlan(at(501)))
      .thenThrows('CASE.REVIEW_NOT_RECOMMENDING_END', '/reviews');
  });

  it('the plan does not end while the child is separated', () => {
    const reviewed = history([...before('ExtendSeparation'), build.RecordReview(at(220))]);
    given(reviewed)
      .when(build.EndPlan(at(221)))
      .thenThrows('CASE.SEPARATION_ACTIVE');
  });
});

describe('closure and reopening', () => {
  it.each([
    [{ reason: 'plan_ended' }, 'CASE.USE_END_PLAN'],
    [{ reason: 'no_protection_need' }, 'CASE.PROTECTION_NEED_ASSESSED'],
    [{ reason: 'duplicate_merged' }, 'CASE.FIELD_REQUIRED'],
    [{ reason: 'transferred_out' }, 'CASE.FIELD_REQUIRED'],
    [{ reason: 'deceased', note: '' }, 'CASE.FIELD_REQUIRED'],
  ])('refuses %o without its grounds', (patch, code) => {
    given(assigned)
      .when({ ...build.CloseCase(at(2)), ...patch } as CaseCommand)
      .thenThrows(code);
  });

  it('merges a duplicate into another case and cancels its open deadlines', () => {
    const events = history([
      ...opened,
      { ...build.CloseCase(at(2)), reason: 'duplicate_merged', mergedIntoCaseId: 'case-0' },
    ]);
    expect(fold(events)).toMatchObject({ status: 'closed', closure: { mergedIntoCaseId: 'case-0' } });
    expect(deadline(events, 'initial_assessment:1')?.status).toBe('cancelled');
  });

  it('a report not verified is closed; a verified (approved) case is not', () => {
    given(opened)
      .when({ ...build.CloseCase(at(2)), reason: 'not_verified', note: '' })
      .thenMatches(([e]) => expect(e.type).toBe('CaseClosed'));
    given(before('ExtendSeparation'))
      .when({ ...build.CloseCase(at(300)), reason: 'not_verified' })
      .thenThrows('CASE.ALREADY_VERIFIED');
  });

  it('reopens with a reason and a new 12-hour window; never after the child died', () => {
    const reopened = history([...closed, build.ReopenCase(at(30))]);
    expect(fold(reopened)).toMatchObject({ status: 'received', closure: null });
    expect(deadline(reopened, 'initial_assessment:2')).toMatchObject({ status: 'open', dueAt: at(42) });
    given(closed)
      .when({ ...build.ReopenCase(at(30)), reason: ' ' })
      .thenThrows('CASE.FIELD_REQUIRED', 'reason');
    const died = history([
      ...opened,
      { ...build.CloseCase(at(2)), reason: 'deceased', note: 'Death certificate 3/2026' },
    ]);
    given(died)
      .when(build.ReopenCase(at(30)))
      .thenThrows('CASE.CHILD_DECEASED');
  });
});

describe('erasing the personal data of a case: requested by the chair, approved by the province', () => {
  const approver = (id: string, units: string[] = [PROVINCE]) => ({
    ...build.ApproveErasure(at(6)),
    actorUnits: units,
    metadata: {
      ...meta('provincial_officer', at(6), PROVINCE),
      actor: { id, roles: ['provincial_officer'], unit: PROVINCE },
    },
  });
  /** A case referred from contact-1 (child-1), with a repeat report from another caller (contact-2, child-9). */
  const withRepeat = (closeRules = SHORT_RETENTION) =>
    history([...opened, build.AddReport(at(1)), { ...build.CloseCase(at(2)), rules: closeRules }]);

  it('is not done by the chair alone: the direct erasure names the request to make', () => {
    given(closedShort)
      .when(build.ErasePersonalData(at(3)))
      .thenThrows('ERASURE.APPROVAL_REQUIRED', 'provincial officer of province 01');
  });

  it('waits for the case to be closed, naming the closure', () => {
    given(assigned)
      .when(build.RequestErasure(at(3)))
      .thenThrows('CASE.NOT_CLOSED', '/cases/:id/closure');
  });

  it.each(['subject_request', 'retention_expired', 'court_order', 'other'] as const)(
    'needs a document reference on basis %s, and a reference only',
    (basis) => {
      for (const reference of [null, '', '   ']) {
        given(closedShort)
          .when({ ...build.RequestErasure(at(3)), basis, reference })
          .thenThrows('ERASURE.REFERENCE_REQUIRED', 'reference');
      }
      for (const reference of [
        'Mẹ bé gọi điện xin xóa vì gia đình đã chuyển đi nơi khác',
        `QĐ ${'1'.repeat(90)}`,
        'Đơn số 12; bé bị đánh',
        'một hai ba bốn năm sáu bảy tám chín mười 11',
      ]) {
        given(closedShort)
          .when({ ...build.RequestErasure(at(3)), basis, reference })
          .thenThrows('ERASURE.REFERENCE_INVALID', 'reference');
      }
      given(closedShort)
        .when({ ...build.RequestErasure(at(3)), basis, reference: '  12/2026/QĐ-UBND ' })
        .thenMatches(([e]) => expect(e.data).toMatchObject({ basis, reference: '12/2026/QĐ-UBND' }));
    },
  );

  it('is refused before the retention period of the closure’s policy ends, with the date it ends', () => {
    // Closed under the national default: the file is kept 1826 days (5 years).
    const ends = addDays(at(2), 1826);
    given(closed)
      .when(build.RequestErasure(at(30)))
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED', ends);
    expect(fold(closed).retention).toEqual({
      days: 1826,
      policyVersion: NATIONAL_DEFAULT_POLICY.version,
      endsAt: ends,
    });
    let caught: unknown;
    try {
      caseDecider.decide(build.RequestErasure(at(30)), fold(closed));
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      kind: 'precondition',
      extra: { retentionEndsAt: ends, policyVersion: NATIONAL_DEFAULT_POLICY.version, retentionDays: 1826 },
    });
    // Not bound by it: a court order (a competent authority's decision, PDPL Art. 14).
    given(closed)
      .when({ ...build.RequestErasure(at(30)), basis: 'court_order', reference: 'BA 17/2026/HS-ST' })
      .thenMatches(([e]) =>
        expect(e).toMatchObject({
          type: 'ErasureRequested',
          data: { basis: 'court_order', retentionEndsAt: null },
        }),
      );
    // The policy that applied is the one in force at the closure, whatever applies now.
    given(closed)
      .when({ ...build.RequestErasure(at(30)), rules: SHORT_RETENTION })
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED');
  });

  it('runs the retention from the closure, and again from a report added to the closed case', () => {
    const oneDay = history([...opened, { ...build.CloseCase(at(2)), rules: withRetention(1) }]);
    given(oneDay)
      .when(build.RequestErasure(at(25)))
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED', at(26));
    given(oneDay)
      .when(build.RequestErasure(at(26)))
      .thenMatches(([e]) => expect(e.data).toMatchObject({ retentionEndsAt: at(26) }));
    const reported = history([...oneDay, build.AddReport(at(20))]);
    expect(fold(reported).retention).toMatchObject({ days: 1, endsAt: at(44) });
    given(reported)
      .when(build.RequestErasure(at(30)))
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED', at(44));
    // Reopened: no retention runs; the next closure starts a new one under the policy then in force.
    const reopened = history([...reported, build.ReopenCase(at(50))]);
    expect(fold(reopened).retention).toBeNull();
    const again = history([...reopened, { ...build.CloseCase(at(51)), rules: withRetention(3) }]);
    expect(fold(again).retention).toMatchObject({ days: 3, endsAt: addDays(at(51), 3) });
  });

  it('is refused while a legal hold is in place, naming the release; possible again once released', () => {
    given(held)
      .when(build.RequestErasure(at(4)))
      .thenThrows('ERASURE.LEGAL_HOLD', '/cases/:id/legal-holds/release');
    const holdId = fold(held).legalHolds[0].holdId;
    const heldAfterRequest = history([...requested, build.PlaceLegalHold(at(4))]);
    given(heldAfterRequest)
      .when(build.ApproveErasure(at(6)))
      .thenThrows('ERASURE.LEGAL_HOLD', '45/2026/QĐ-VKS');
    const released = history([...heldAfterRequest, { ...build.ReleaseLegalHold(at(5)), holdId }]);
    expect(fold(released).legalHolds).toEqual([]);
    given(released)
      .when(build.ApproveErasure(at(6)))
      .thenMatches(([e]) => expect(e.type).toBe('PersonalDataErased'));
  });

  it('takes one request at a time', () => {
    given(requested)
      .when({ ...build.RequestErasure(at(4)), requestId: 'request-2' })
      .thenThrows('ERASURE.REQUEST_PENDING', REQUEST);
  });

  it('needs an approver who is not the requester', () => {
    // The requester holds an oversight role too: still not a second pair of eyes.
    given(requested)
      .when(approver('commune_chair-1', [PROVINCE]))
      .thenThrows('ERASURE.REQUESTER_CANNOT_APPROVE');
  });

  it('needs an approver outside the commune that asks', () => {
    given(requested)
      .when(approver('officer-2', [PROVINCE, COMMUNE]))
      .thenThrows('ERASURE.APPROVER_IN_SAME_COMMUNE', COMMUNE);
    given(requested)
      .when(approver('officer-2', [PROVINCE, OTHER_COMMUNE]))
      .thenMatches(([e]) => expect(e.type).toBe('PersonalDataErased'));
  });

  it('approves the pending request only, the one reviewed', () => {
    given(closedShort)
      .when(build.ApproveErasure(at(6)))
      .thenThrows('ERASURE.NO_PENDING_REQUEST', '/cases/:id/erasure-request');
    given(requested)
      .when({ ...build.ApproveErasure(at(6)), requestId: 'request-0' })
      .thenThrows('ERASURE.REQUEST_NOT_PENDING', REQUEST);
  });

  it('erases on approval: the case key, and in each contact the children and what was told of them', () => {
    const asked = history([...withRepeat(), build.RequestErasure(at(3))]);
    expect(fold(asked).erasureRequest).toMatchObject({
      requestId: REQUEST,
      basis: 'subject_request',
      reference: 'Đơn số 17/2026',
      requestedBy: 'commune_chair-1',
      requesterCommuneCode: COMMUNE,
      requestedAt: at(3),
    });
    // Nothing is erased on the request: the province's to-do is to decide it.
    expect(fold(asked).erasure).toBeNull();
    expect(nextSteps(fold(asked)).map((x) => x.step)).toEqual([
      'reopening',
      'erasure-request/approval',
      'erasure-request/rejection',
    ]);
    given(asked)
      .when(build.ApproveErasure(at(6)))
      .then([
        {
          type: 'PersonalDataErased',
          data: {
            erasureId: 'erasure-1',
            requestId: REQUEST,
            requestedBy: 'commune_chair-1',
            basis: 'subject_request',
            reference: 'Đơn số 17/2026',
            subjects: ['case:case-1'],
            contactIds: ['contact-1', 'contact-2'],
            // A child's request reaches the child, not the callers (their own request, or retention).
            cascade: [
              { contactId: 'contact-1', childRefs: ['child-1'], narrative: true, reporter: false },
              { contactId: 'contact-2', childRefs: ['child-9'], narrative: true, reporter: false },
            ],
            erasedAt: at(6),
          },
        },
      ]);
    const erased = fold(history([...asked, build.ApproveErasure(at(6))]));
    expect(erased.erasureRequest).toBeNull();
    expect(erased.erasure).toMatchObject({ erasureId: 'erasure-1', erasedAt: at(6), textSince: false });
  });

  it.each([
    ['subject_request', false],
    ['other', false],
    ['retention_expired', true],
    ['court_order', true],
  ] as const)('on basis %s erases the callers’ identities: %s', (basis, reporter) => {
    const asked = history([...withRepeat(), { ...build.RequestErasure(at(3)), basis }]);
    given(asked)
      .when(build.ApproveErasure(at(6)))
      .thenMatches(([e]) =>
        expect((e.data as { cascade: unknown[] }).cascade).toEqual([
          { contactId: 'contact-1', childRefs: ['child-1'], narrative: true, reporter },
          { contactId: 'contact-2', childRefs: ['child-9'], narrative: true, reporter },
        ]),
      );
  });

  it('erases nothing more when asked again on the same basis; a wider basis reaches the callers', () => {
    const erased = history([...withRepeat(), build.RequestErasure(at(3)), build.ApproveErasure(at(6))]);
    given(erased)
      .when(build.RequestErasure(at(7)))
      .then([]);
    const wider = history([
      ...erased,
      {
        ...build.RequestErasure(at(7)),
        requestId: 'request-2',
        basis: 'retention_expired',
        reference: '3/2031',
      },
    ]);
    given(wider)
      .when({ ...build.ApproveErasure(at(8)), requestId: 'request-2', erasureId: 'erasure-2' })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({
          cascade: [
            { contactId: 'contact-1', reporter: true },
            { contactId: 'contact-2', reporter: true },
          ],
        }),
      );
  });

  it('is rejected with a reason code; the chair may ask again', () => {
    given(requested)
      .when({ ...build.RejectErasure(at(6)), reasonCode: 'because' as never })
      .thenThrows('ERASURE.REASON_CODE_UNKNOWN', 'reasonCode');
    given(requested)
      .when(build.RejectErasure(at(6)))
      .then([
        {
          type: 'ErasureRejected',
          data: {
            requestId: REQUEST,
            reasonCode: 'document_not_verified',
            rejectedBy: 'provincial_officer-1',
            rejectedAt: at(6),
          },
        },
      ]);
    const rejected = history([...requested, build.RejectErasure(at(6))]);
    expect(fold(rejected).erasureRequest).toBeNull();
    given(rejected)
      .when({ ...build.RequestErasure(at(7)), requestId: 'request-2' })
      .thenMatches(([e]) => expect(e.type).toBe('ErasureRequested'));
  });

  it('lets a request lapse when the case is reopened', () => {
    const reopened = history([...requested, build.ReopenCase(at(5))]);
    expect(fold(reopened).erasureRequest).toBeNull();
    given(reopened)
      .when(build.ApproveErasure(at(6)))
      .thenThrows('ERASURE.NO_PENDING_REQUEST');
  });

  it('erases again what a reopened case recorded after the first erasure', () => {
    const erased = history([...requested, build.ApproveErasure(at(4))]);
    expect(fold(erased).erasure).toMatchObject({ erasureId: 'erasure-1', textSince: false });
    given(erased)
      .when(build.RequestErasure(at(5)))
      .then([]);
    const reopened = history([
      ...erased,
      build.ReopenCase(at(30)),
      { ...build.CloseCase(at(31)), rules: SHORT_RETENTION },
    ]);
    expect(fold(reopened).erasure).toMatchObject({ textSince: true });
    given(reopened)
      .when(build.RequestErasure(at(32)))
      .thenMatches(([e]) => expect(e.type).toBe('ErasureRequested'));
  });
});

describe('legal holds', () => {
  it('are placed by the province or an inspector, on a case in any state, with a reason code and a document', () => {
    given(assigned)
      .when(build.PlaceLegalHold(at(3)))
      .then([
        {
          type: 'LegalHoldPlaced',
          data: {
            holdId: 'hold-1',
            reasonCode: 'criminal_proceedings',
            reference: '45/2026/QĐ-VKS',
            placedBy: 'inspector-1',
            placedAt: at(3),
          },
        },
      ]);
    given(assigned)
      .when({ ...build.PlaceLegalHold(at(3)), reference: null })
      .thenThrows('LEGAL_HOLD.REFERENCE_REQUIRED', 'reference');
    given(assigned)
      .when({ ...build.PlaceLegalHold(at(3)), reference: 'Công an đang điều tra vụ việc của bé' })
      .thenThrows('LEGAL_HOLD.REFERENCE_INVALID');
    given(assigned)
      .when({ ...build.PlaceLegalHold(at(3)), reasonCode: 'curiosity' as never })
      .thenThrows('LEGAL_HOLD.REASON_CODE_UNKNOWN', 'reasonCode');
    // Placed twice under the same id (a retry): one hold.
    given(held)
      .when(build.PlaceLegalHold(at(4)))
      .then([]);
  });

  it('are released one by one, with a reason code and a document', () => {
    const two = history([
      ...held,
      { ...build.PlaceLegalHold(at(4)), holdId: 'hold-2', reasonCode: 'inspection' },
    ]);
    given(two)
      .when({ ...build.ReleaseLegalHold(at(5)), holdId: 'hold-9' })
      .thenThrows('LEGAL_HOLD.NOT_IN_PLACE', 'hold-1, hold-2');
    given(two)
      .when({ ...build.ReleaseLegalHold(at(5)), reference: '' })
      .thenThrows('LEGAL_HOLD.REFERENCE_REQUIRED');
    const one = history([...two, build.ReleaseLegalHold(at(5))]);
    expect(fold(one).legalHolds.map((h) => h.holdId)).toEqual(['hold-2']);
    // Still held by the other.
    given(one)
      .when(build.RequestErasure(at(6)))
      .thenThrows('ERASURE.LEGAL_HOLD', 'inspection');
  });
});

describe('level, police and transfer', () => {
  it('changes the level with a reason; the same level appends nothing', () => {
    given(assessed)
      .when({ ...build.ChangeLevel(at(5)), reason: '' })
      .thenThrows('CASE.FIELD_REQUIRED', 'reason');
    given(assessed)
      .when({ ...build.ChangeLevel(at(5)), to: 'intervention' })
      .then([]);
    const changed = history([...assessed, build.ChangeLevel(at(5))]);
    expect(fold(changed)).toMatchObject({
      level: 'support',
      levelChanges: [{ from: 'intervention', to: 'support' }],
    });
  });

  it('records the criminal track beside the protection work, also after closure', () => {
    const notified = history([...opened, build.NotifyPolice(at(1))]);
    given(notified)
      .when(build.NotifyPolice(at(2)))
      .thenThrows('CASE.POLICE_ALREADY_NOTIFIED');
    const later = history([...notified, build.CloseCase(at(3)), build.RecordCriminalOutcome(at(400))]);
    expect(fold(later).police?.outcomes).toEqual([
      { outcome: 'investigation_opened', decidedAt: at(400), note: 'Case opened by the district police.' },
    ]);
  });

  it('hands the case to the child’s new commune, which names its own worker', () => {
    const events = history([...assessed, build.TakeEmergencyMeasures(at(5)), build.RequestTransfer(at(6))]);
    given(events)
      .when(build.RequestTransfer(at(7)))
      .thenThrows('CASE.TRANSFER_PENDING');
    const accepted = history([...events, build.AcceptTransfer(at(8))]);
    expect(fold(accepted)).toMatchObject({
      ownerCommuneCode: OTHER_COMMUNE,
      residenceCommuneCode: OTHER_COMMUNE,
      incidentCommuneCode: COMMUNE,
      assignedWorkerId: null,
      pendingTransfer: null,
    });
    // The old commune can no longer act; the new one must assign its worker first.
    given(accepted)
      .when(build.RecordDetailedAssessment(at(9)))
      .thenThrows('CASE.NOT_OWNING_COMMUNE');
    given(accepted)
      .when(as(build.RecordDetailedAssessment(at(9)), 'commune_worker', OTHER_COMMUNE))
      .thenThrows('CASE.WORKER_NOT_ASSIGNED');
    const declined = history([...events, build.DeclineTransfer(at(8))]);
    expect(fold(declined)).toMatchObject({ ownerCommuneCode: COMMUNE, pendingTransfer: null });
    given(assessed)
      .when({ ...build.RequestTransfer(at(6)), toCommuneCode: COMMUNE })
      .thenThrows('CASE.TRANSFER_TO_SELF', 'toCommuneCode');
  });
});

describe('deadlines missed', () => {
  const watcher = (now: string): CaseCommand => ({
    type: 'MarkDeadlinesMissed',
    metadata: {
      ...meta('system', now),
      actor: { id: 'system:deadline-watcher', roles: ['system'], unit: COMMUNE },
    },
    rules,
  });

  it('reports each past-due deadline exactly once', () => {
    given(opened)
      .when(watcher(at(11)))
      .then([]);
    const missed = history([...opened, watcher(at(13))]);
    expect(missed[missed.length - 1]).toEqual({
      type: 'DeadlineMissed',
      data: {
        deadlineId: 'initial_assessment:1',
        kind: 'initial_assessment',
        dueAt: at(12),
        detectedAt: at(13),
      },
    });
    given(missed)
      .when(watcher(at(14)))
      .then([]);
    expect(deadline(missed, 'initial_assessment:1')).toMatchObject({ status: 'missed', missedAt: at(13) });
  });

  it('a missed deadline met later stays visible as met late', () => {
    const events = history([
      ...opened,
      watcher(at(13)),
      build.AssignWorker(at(14)),
      build.RecordInitialAssessment(at(15)),
    ]);
    expect(deadline(events, 'initial_assessment:1')).toMatchObject({
      status: 'met_late',
      missedAt: at(13),
      metAt: at(15),
    });
  });

  it('nothing is reported on a closed case', () => {
    given(closed)
      .when(watcher(at(100)))
      .then([]);
  });

  it('closing lapses a missed deadline; after reopening, new steps meet only the new deadlines', () => {
    const events = history([
      ...opened,
      watcher(at(13)),
      build.CloseCase(at(14)),
      build.ReopenCase(at(20)),
      build.AssignWorker(at(21)),
      build.RecordInitialAssessment(at(22)),
    ]);
    expect(deadline(events, 'initial_assessment:1')).toMatchObject({
      status: 'lapsed',
      missedAt: at(13),
      metAt: null,
    });
    expect(deadline(events, 'initial_assessment:2')).toMatchObject({ status: 'met', metAt: at(22) });
  });
});

describe('working days', () => {
  it('skip public holidays given by the calendar', () => {
    // A calendar where Thursday 26 and Friday 27 Nov 2026 are holidays.
    const holidays: WorkingCalendar = {
      version: 'test',
      isWorkingDay: (d) => rules.calendar.isWorkingDay(d) && !['2026-11-26', '2026-11-27'].includes(d),
    };
    const events = history([
      ...assigned,
      { ...build.RecordInitialAssessment(at(4)), rules: { ...rules, calendar: holidays } },
    ]);
    expect(deadline(events, 'plan_draft:1')).toMatchObject({
      dueAt: '2026-12-02T17:00:00.000Z',
      calendarVersion: 'test',
    });
  });
});

describe('a repeat report added by the hotline', () => {
  it('is recorded once on the case as new information, also on a closed case', () => {
    const events = history([...opened, build.AddReport(at(5))]);
    expect(fold(events).additionalReports).toEqual([
      {
        contactId: 'contact-2',
        receivedAt: at(5),
        urgent: false,
        concerns: ['neglect'],
        children: [{ childRef: 'child-9', sex: 'female', ageYears: 9 }],
        addedAt: at(5),
      },
    ]);
    given(events)
      .when(build.AddReport(at(6)))
      .then([]);
    given(closed)
      .when(build.AddReport(at(6)))
      .thenMatches(([e]) => expect(e.type).toBe('ReportAdded'));
  });

  it('comes only from the service', () => {
    given(opened)
      .when(as(build.AddReport(at(5)), 'commune_chair'))
      .thenThrows('CASE.ROLE_NOT_ALLOWED');
  });
});
