import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import { ITEM, at, before, build, history, stable } from '../../../domain/case.fixtures';
import { deadline, fold } from '../../../testing/case-decisions';

const given = specFor(caseDecider);

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
