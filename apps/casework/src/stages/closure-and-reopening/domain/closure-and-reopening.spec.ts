import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import type { CaseCommand } from '../../../domain/case.commands';
import { at, before, build, history } from '../../../domain/case.fixtures';
import { assigned, closed, deadline, fold, opened } from '../../../testing/case-decisions';

const given = specFor(caseDecider);

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
