import { specFor } from '@cp/testing';
import { ROLES } from '@cp/contracts';
import { caseDecider } from './case.decider';
import type { CaseCommandType } from './case.commands';
import type { CaseEvent } from './case.events';
import {
  COMMUNE,
  ITEM,
  OTHER_COMMUNE,
  PROCEDURE,
  PROVINCE,
  at,
  before,
  build,
  history,
  meta,
  rules,
} from './case.fixtures';
import { nextSteps } from './case.next-steps';
import { STEP_RULES } from './case.permissions';
import { type WorkingCalendar } from './deadline-policy';
import {
  as,
  assessed,
  assigned,
  closed,
  closedShort,
  deadline,
  fold,
  held,
  opened,
  requested,
} from '../testing/case-decisions';

const given = specFor(caseDecider);

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
