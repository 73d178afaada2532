import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import type { CaseState } from './case.state';

/** One step's decision: the command and the case so far in, the events it records out (or a DomainError). */
export type Decide<C extends CaseCommand> = (command: C, state: CaseState) => CaseEvent[];

/**
 * One decision function per command, keyed by the command's type. A command added to the union without
 * its row does not compile (the `satisfies` in case.decider.ts).
 */
export type DecisionTable = { [K in CaseCommand['type']]: Decide<Extract<CaseCommand, { type: K }>> };

/** The command of one type, picked out of the union by its tag. */
export type CommandOf<K extends CaseCommand['type']> = Extract<CaseCommand, { type: K }>;
/** The event of one type, picked out of the union by its tag. */
export type EventOf<K extends CaseEvent['type']> = Extract<CaseEvent, { type: K }>;

/**
 * The decision for the commands tagged `type`: the body gets that command (already narrowed), the case so
 * far and the command's clock (`metadata.now`, the only time a decision may use).
 */
export function decision<K extends CaseCommand['type']>(
  type: K,
  body: (command: CommandOf<K>, state: CaseState, now: string) => CaseEvent[],
): Decide<CommandOf<K>> {
  return (command, state) => body(command, state, command.metadata.now);
}

/** An event of the case, its data checked against the event of that type. */
export function event<K extends CaseEvent['type']>(type: K, data: EventOf<K>['data']): EventOf<K> {
  return { type, data } as EventOf<K>;
}

/** What a decision records when it records one event. */
export function emit<K extends CaseEvent['type']>(type: K, data: EventOf<K>['data']): CaseEvent[] {
  return [event(type, data)];
}
