import type { DeadlineV1 } from '@cp/contracts';
import { caseDecider } from '../domain/case.decider';
import type { CaseCommand } from '../domain/case.commands';
import type { CaseEvent } from '../domain/case.events';
import { SHORT_RETENTION, at, before, build, history } from '../domain/case.fixtures';
import type { CaseState } from '../domain/case.state';

// What the decision specs of every stage share: the decider under test and cases at the usual points.
export const fold = (events: CaseEvent[]): CaseState =>
  events.reduce(caseDecider.evolve, caseDecider.initialState());
export const as = (
  command: CaseCommand,
  role: string,
  unit: string | null = command.metadata.actor.unit,
) => ({
  ...command,
  metadata: { ...command.metadata, actor: { ...command.metadata.actor, roles: [role], unit } },
});
export const deadline = (events: CaseEvent[], id: string): DeadlineV1 | undefined =>
  fold(events).deadlines.find((d) => d.id === id);

export const opened = history([['OpenCase', 0.5]]);
export const assigned = history([
  ['OpenCase', 0.5],
  ['AssignWorker', 1],
]);
export const assessed = before('TakeEmergencyMeasures');
export const closed = history([['OpenCase', 0.5], build.CloseCase(at(2))]);
/** Closed where the policy keeps a closed file 0 days: erasable at once (with the province's approval). */
export const closedShort = history([...opened, { ...build.CloseCase(at(2)), rules: SHORT_RETENTION }]);
export const requested = history([...closedShort, build.RequestErasure(at(3))]);
export const held = history([...closedShort, build.PlaceLegalHold(at(3))]);
