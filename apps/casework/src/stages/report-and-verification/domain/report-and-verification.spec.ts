import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import type { CaseCommand } from '../../../domain/case.commands';
import { OTHER_COMMUNE, RECEIVED, at, build, history, rules } from '../../../domain/case.fixtures';
import { NATIONAL_DEFAULT_POLICY } from '../../../domain/deadline-policy';
import { as, assigned, closed, fold, opened } from '../../../testing/case-decisions';

const given = specFor(caseDecider);

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
