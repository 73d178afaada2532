/**
 * The shape of every aggregate's pure domain (event-sourcing rule 1): `decide` turns a command and the
 * current state into new facts, `evolve` folds one fact into the state. No I/O, no clock, no random ids:
 * time, ids and the actor come in on the command, which makes replay and point-in-time state exact.
 */
export interface Decider<TState, TCommand, TEvent extends DomainEvent> {
  initialState: () => TState;
  decide: (command: TCommand, state: TState) => TEvent[];
  evolve: (state: TState, event: TEvent) => TState;
}

/** A domain event as the decider sees it: a stable past-tense type and a plain JSON payload. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

/** Who acts, for whom, and why: carried by every command into the event metadata. */
export interface Actor {
  id: string;
  roles: string[];
  /** The administrative unit the user acts for in this command (commune/province code or VN). */
  unit: string | null;
}

export interface CommandMetadata {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** ISO instant supplied by the caller: the domain never reads a clock. */
  now: string;
}

/**
 * Domain errors carry a stable code (e.g. `CASE.ILLEGAL_TRANSITION`) and a detail that tells the user
 * what to do. They are not HTTP errors: one filter per service maps codes to statuses.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly kind: 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'precondition' = 'precondition',
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}
