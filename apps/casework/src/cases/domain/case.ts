import {
  DomainError,
  type CaseStatus,
  type Decider,
  type DeadlineV1,
  type ProtectionLevel,
} from '@cp/contracts';
import type { CaseCommand } from './case.commands';
import type { CaseEvent, CaseOpened } from './case.events';
import { addHours } from './deadline-policy';

export interface CaseState {
  exists: boolean;
  caseId: string | null;
  status: CaseStatus;
  level: ProtectionLevel | null;
  opened: CaseOpened['data'] | null;
  assignedWorkerId: string | null;
  deadlines: DeadlineV1[];
}

export const initialState = (): CaseState => ({
  exists: false,
  caseId: null,
  status: 'received',
  level: null,
  opened: null,
  assignedWorkerId: null,
  deadlines: [],
});

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return {
        ...state,
        exists: true,
        caseId: event.data.caseId,
        status: 'received',
        opened: event.data,
        deadlines: event.data.deadlines,
      };
    case 'CaseWorkerAssigned':
      return { ...state, assignedWorkerId: event.data.workerId, status: 'assessing' };
    default:
      return state;
  }
}

export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  switch (command.type) {
    case 'OpenCase': {
      if (state.exists) {
        throw new DomainError('CASE.ALREADY_OPEN', `Case ${command.caseId} is already open.`, 'conflict');
      }
      if (command.children.length === 0) {
        throw new DomainError(
          'CASE.CHILD_REQUIRED',
          'A case is about at least one child (field: children).',
          'invalid',
        );
      }
      if (Date.parse(command.receivedAt) > Date.parse(command.metadata.now)) {
        throw new DomainError('CASE.RECEIVED_IN_FUTURE', 'receivedAt cannot be later than now.', 'invalid');
      }
      return [
        {
          type: 'CaseOpened',
          data: {
            caseId: command.caseId,
            source: command.source,
            incidentCommuneCode: command.incidentCommuneCode,
            provinceCode: command.provinceCode,
            residenceCommuneCode: command.residenceCommuneCode ?? null,
            receivedAt: command.receivedAt,
            openedAt: command.metadata.now,
            urgent: command.urgent,
            concerns: command.concerns,
            children: command.children,
            // Decree 56: the 12-hour window runs from the receipt of the information, not from the referral.
            deadlines: [
              {
                kind: 'initial_assessment',
                dueAt: addHours(command.receivedAt, command.policy.initialAssessmentHours),
                policyVersion: command.policy.version,
              },
            ],
          },
        },
      ];
    }
    case 'AssignWorker': {
      if (!state.exists) throw new DomainError('CASE.NOT_FOUND', 'No case with this id.', 'not_found');
      if (state.status === 'closed') {
        throw new DomainError('CASE.CLOSED', 'The case is closed; reopen it before assigning a worker.');
      }
      if (!command.metadata.actor.roles.some((r) => r === 'commune_chair' || r === 'commune_worker')) {
        throw new DomainError(
          'CASE.ROLE_NOT_ALLOWED',
          'Only the commune chair or a commune worker assigns a case.',
          'forbidden',
        );
      }
      if (state.assignedWorkerId === command.workerId) return [];
      return [
        {
          type: 'CaseWorkerAssigned',
          data: { workerId: command.workerId, assignedAt: command.metadata.now },
        },
      ];
    }
  }
}

export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = { initialState, evolve, decide };
