import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows a piece of work through HTTP, the event store and Kafka into consumers' logs. */
export interface RequestContext {
  correlationId: string;
  causationId?: string | null;
  streamId?: string;
  topic?: string;
  partition?: number;
  offset?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
