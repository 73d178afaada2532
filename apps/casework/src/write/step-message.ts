import { Injectable } from '@nestjs/common';
import { Command, type ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import type { Idempotency } from '@cp/event-store';
import type { STEP_PATHS } from '../domain/case.next-steps';
import type { CaseView } from '../read/case-view';
import type { Handled, StepCommand } from './case-stream';
import { CaseWriter } from './case-writer';

/** A step posted over HTTP: one of STEP_PATHS. */
export type HttpStepType = keyof typeof STEP_PATHS;
export type HttpStep<T extends HttpStepType = HttpStepType> = Extract<StepCommand, { type: T }>;

/**
 * A step of the procedure on the command bus: who, which case, the step as the controller built it, the
 * version the user saw and the request's idempotency. Each command has its own class (and handler) in
 * its stage's `<stage>.handlers.ts`.
 */
export abstract class StepMessage<T extends HttpStepType> extends Command<Handled<CaseView>> {
  constructor(
    readonly user: AuthUser,
    readonly caseId: string,
    readonly step: HttpStep<T>,
    readonly expectedVersion: number | undefined,
    readonly idempotency: Idempotency | undefined,
  ) {
    super();
  }
}

/** What every step's handler does: hand the step to the write path (load, decide, append). */
@Injectable()
export abstract class StepHandler<T extends HttpStepType> implements ICommandHandler<StepMessage<T>> {
  constructor(private readonly writer: CaseWriter) {}

  execute(m: StepMessage<T>): Promise<Handled<CaseView>> {
    return this.writer.step(m.user, m.caseId, m.step, m.expectedVersion, m.idempotency);
  }
}

export type StepMessageClass<T extends HttpStepType> = new (
  ...args: ConstructorParameters<typeof StepMessage<T>>
) => StepMessage<T>;
