import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import { at, before, build, history } from '../../../domain/case.fixtures';
import { assessed, assigned, deadline, fold } from '../../../testing/case-decisions';

const given = specFor(caseDecider);

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
