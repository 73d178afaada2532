import { GENESIS_HASH, type Loaded } from '@cp/event-store';
import { caseDecider, type CaseState } from '../domain/case.decider';
import type { CaseCommand } from '../domain/case.commands';

export const CASE_STREAM = 'case';
export const streamId = (caseId: string) => `case-${caseId}`;
/** A case stream before its first event. */
export const NEW_CASE: Loaded<CaseState> = {
  state: caseDecider.initialState(),
  version: 0,
  headHash: GENESIS_HASH,
  events: [],
};

/** A step command as the controller builds it: everything but the metadata and the deadline rules. */
export type StepCommand = CaseCommand extends infer C
  ? C extends CaseCommand
    ? Omit<C, 'metadata' | 'rules'>
    : never
  : never;

/** What a command changed: the case as it now is, whether it was a repeat, how many events it appended. */
export interface Handled<V> {
  view: V;
  replayed: boolean;
  appended: number;
}

/** A small LRU of streams as last written: state, version and head hash. */
export class RecentStreams<S> {
  private readonly entries = new Map<string, Loaded<S>>();
  constructor(private readonly capacity: number) {}

  get(id: string): Loaded<S> | undefined {
    const e = this.entries.get(id);
    if (e) {
      this.entries.delete(id);
      this.entries.set(id, e);
    }
    return e;
  }

  set(id: string, e: Loaded<S>): void {
    this.entries.delete(id);
    this.entries.set(id, e);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}
