import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import { at, before, build, history, rules } from '../../../domain/case.fixtures';
import { nextSteps } from '../../../domain/case.next-steps';
import { NATIONAL_DEFAULT_POLICY } from '../../../domain/deadline-policy';
import { assessed, assigned, deadline, fold } from '../../../testing/case-decisions';

const given = specFor(caseDecider);

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
