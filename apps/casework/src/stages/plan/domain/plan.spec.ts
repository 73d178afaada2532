import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import { ITEM, at, before, build, history } from '../../../domain/case.fixtures';
import { assigned, deadline, fold } from '../../../testing/case-decisions';

const given = specFor(caseDecider);

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
