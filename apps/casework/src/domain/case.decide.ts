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
