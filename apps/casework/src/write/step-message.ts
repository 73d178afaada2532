import { Injectable, type Type } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
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
 * version the user saw and the request's idempotency. Each command has its own class (and handler), made
 * by stepsOnBus from its stage's table in `<stage>.handlers.ts`.
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

/** Names a class made at run time, so logs and errors (e.g. a command with no handler) name the step. */
const named = <C extends abstract new (...args: never[]) => unknown>(name: string, cls: C): C =>
  Object.defineProperty(cls, 'name', { value: name });

/**
 * A stage's steps on the command bus: for each command type, its own message class (`<Type>Command`) and
 * its own handler (`<Type>Handler`) registered for that class, exactly as `@CommandHandler(<Type>Command)`
 * on a class of its own would. `steps` gives the message class by command type; `handlers` go in the
 * module's providers.
 */
export function stepsOnBus<const T extends HttpStepType>(...types: T[]) {
  const steps = {} as { [K in T]: StepMessageClass<K> };
  const handlers: Type<StepHandler<T>>[] = [];
  for (const type of types) {
    const Message = named(`${type}Command`, class extends StepMessage<T> {});
    const Handler = named(`${type}Handler`, class extends StepHandler<T> {});
    CommandHandler(Message)(Handler);
    (steps as Record<T, unknown>)[type] = Message;
    handlers.push(Handler);
  }
  return { steps, handlers };
}
