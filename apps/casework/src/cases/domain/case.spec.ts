import { specFor } from '@cp/testing';
import type { CommandMetadata } from '@cp/contracts';
import { caseDecider } from './case';
import type { OpenCase } from './case.commands';
import type { CaseEvent } from './case.events';
import { NATIONAL_DEFAULT_POLICY } from './deadline-policy';

const meta = (roles: string[] = ['commune_chair']): CommandMetadata => ({
  commandId: 'cmd',
  correlationId: 'corr',
  causationId: null,
  actor: { id: 'u-1', roles, unit: '00004' },
  now: '2026-11-23T10:00:00.000Z',
});

const open: OpenCase = {
  type: 'OpenCase',
  caseId: 'case-1',
  source: { kind: 'hotline_referral', contactId: 'c-1', referralId: 'r-1' },
  incidentCommuneCode: '00004',
  provinceCode: '01',
  receivedAt: '2026-11-23T07:30:00.000Z',
  urgent: true,
  concerns: ['violence'],
  children: [{ childRef: 'k-1', sex: 'male', ageYears: 7 }],
  policy: NATIONAL_DEFAULT_POLICY,
  metadata: meta(),
};
const given = specFor(caseDecider);
const [opened] = caseDecider.decide(open, caseDecider.initialState());

describe('opening a case', () => {
  it('starts the 12-hour window at the moment the report was received, recording the policy version', () => {
    given([])
      .when(open)
      .thenMatches((events) =>
        expect(events[0].data).toMatchObject({
          deadlines: [
            {
              kind: 'initial_assessment',
              dueAt: '2026-11-23T19:30:00.000Z',
              policyVersion: 'national-default@2025-07-01',
            },
          ],
          openedAt: '2026-11-23T10:00:00.000Z',
        }),
      );
  });

  it('uses a stricter local policy when one applies', () => {
    given([])
      .when({ ...open, policy: { version: 'hn@2026-01', initialAssessmentHours: 8 } })
      .thenMatches((events) =>
        expect(events[0].data).toMatchObject({
          deadlines: [{ dueAt: '2026-11-23T15:30:00.000Z', policyVersion: 'hn@2026-01' }],
        }),
      );
  });

  it('does not open the same case twice (a redelivered referral)', () => {
    given([opened]).when(open).thenThrows('CASE.ALREADY_OPEN');
  });

  it('refuses a case without a child', () => {
    given([])
      .when({ ...open, children: [] })
      .thenThrows('CASE.CHILD_REQUIRED', 'children');
  });

  it('refuses a report received in the future', () => {
    given([])
      .when({ ...open, receivedAt: '2026-11-24T00:00:00.000Z' })
      .thenThrows('CASE.RECEIVED_IN_FUTURE');
  });
});

describe('assigning the commune worker', () => {
  it('assigns and moves the case into assessment', () => {
    const g = given([opened]);
    g.when({ type: 'AssignWorker', workerId: 'w-1', metadata: meta() }).then([
      { type: 'CaseWorkerAssigned', data: { workerId: 'w-1', assignedAt: '2026-11-23T10:00:00.000Z' } },
    ]);
    const after = [
      opened,
      { type: 'CaseWorkerAssigned', data: { workerId: 'w-1', assignedAt: 'x' } } as CaseEvent,
    ].reduce(caseDecider.evolve, caseDecider.initialState());
    expect(after.status).toBe('assessing');
  });

  it('needs an open case first', () => {
    given([]).when({ type: 'AssignWorker', workerId: 'w-1', metadata: meta() }).thenThrows('CASE.NOT_FOUND');
  });

  it('is not for hotline or province roles', () => {
    given([opened])
      .when({ type: 'AssignWorker', workerId: 'w-1', metadata: meta(['provincial_officer']) })
      .thenThrows('CASE.ROLE_NOT_ALLOWED');
  });

  it('appends nothing when the same worker is assigned again', () => {
    const assigned: CaseEvent = { type: 'CaseWorkerAssigned', data: { workerId: 'w-1', assignedAt: 'x' } };
    given([opened, assigned]).when({ type: 'AssignWorker', workerId: 'w-1', metadata: meta() }).then([]);
  });
});
