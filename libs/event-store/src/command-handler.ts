import { DomainError, type CommandMetadata, type Decider, type DomainEvent } from '@cp/contracts';
import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from './errors';
import { GENESIS_HASH } from './hash';
import { EventStore, IdempotentReplay, SubjectKeyExists, type Sql } from './event-store';
import type { NewSubjectKeys } from './personal-data';
import type { NewEvent, OutboxMessage, StoredEvent } from './types';

export interface Loaded<S> {
  state: S;
  version: number;
  headHash: string;
  events: StoredEvent[];
}

/** Folds a stream into the decider's state. */
export function fold<S, E extends DomainEvent>(
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  events: StoredEvent[],
): S {
  return events.reduce(
    (s, e) => decider.evolve(s, { type: e.type, data: e.data } as E),
    decider.initialState(),
  );
}

export async function load<S, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<S, never, E>,
  streamId: string,
  opts: { sql?: Sql; recordedAtOrBefore?: string; sealed?: boolean } = {},
): Promise<Loaded<S>> {
  const events = await store.readStream(streamId, opts);
  const last = events[events.length - 1];
  return {
    state: fold(decider, events),
    version: last?.streamVersion ?? 0,
    headHash: last?.hash ?? GENESIS_HASH,
    events,
  };
}

/** A client's Idempotency-Key scoped to the user and action, and a digest of the request it came with. */
export interface Idempotency {
  key: string;
  fingerprint: string;
}

export interface HandleOptions<S, E extends DomainEvent, R> {
  streamType: string;
  /** The version the user saw (`If-Match`); a different current version is a conflict. */
  expectedVersion?: number;
  /** The client's Idempotency-Key, already scoped to the user and action, and a digest of the request. */
  idempotency?: Idempotency;
  /** Integration messages for the outbox, derived from the new events. */
  toOutbox?: (
    events: Array<E & { eventId: string; occurredAt: string }>,
    state: S,
    version: number,
  ) => OutboxMessage[];
  /**
   * The response the caller gets. A replay of an idempotent command computes it again from the stream as
   * it stood right after the first command (never from a stored copy: erased fields read `[erased]`) —
   * the stream the key was first used on, so the answer must take the record's id from the state.
   */
  result: (state: S, version: number, events: E[]) => R;
  /**
   * The service's own read-model write, made in the append statement (see AppendOptions.alongside). A
   * value it seals for a subject of `newSubjects` must use `newKeys`.
   */
  alongside?: (
    state: S,
    version: number,
    newKeys?: NewSubjectKeys,
  ) => { sql: string; params: unknown[] } | Promise<{ sql: string; params: unknown[] }>;
  /**
   * Data subjects of a record that does not exist yet (a new contact's, a new case's): their first keys
   * are made in memory and stored by the append, in the same statement as the events — no query before.
   */
  newSubjects?: string[];
  /**
   * The stream as the caller already read it (e.g. to check who may see it): saves reading it again.
   * Safe because the append is refused when the stream moved since (version and head hash).
   */
  loaded?: Loaded<S>;
  sql?: Sql;
}

export interface Handled<S, E, R> {
  state: S;
  version: number;
  events: E[];
  result: R;
  replayed: boolean;
  /** Hash of the stream's head after the command (absent for a replay, which read nothing). */
  headHash?: string;
}

/**
 * The one way a command changes a stream (event-sourcing rule 2): load, fold, decide, append with
 * the expected version — events, outbox rows and idempotency key in one transaction.
 */
export async function handleCommand<S, C extends { metadata: CommandMetadata }, E extends DomainEvent, R>(
  store: EventStore,
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
  opts: HandleOptions<S, E, R>,
): Promise<Handled<S, E, R>> {
  const replayOf = (previous: unknown) =>
    replay<S, E, R>(store, decider, streamId, previous, opts.idempotency?.fingerprint, opts);
  if (opts.idempotency) {
    const previous = await store.findIdempotentResult(opts.idempotency.key, opts.sql);
    if (previous !== undefined) return replayOf(previous);
  }
  const loaded = opts.loaded ?? (await load(store, decider, streamId, { sql: opts.sql }));
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== loaded.version) {
    // A duplicate of this very command may have committed between the check above and the load.
    if (opts.idempotency) {
      const previous = await store.findIdempotentResult(opts.idempotency.key, opts.sql);
      if (previous !== undefined) return replayOf(previous);
    }
    throw new ConcurrencyError(streamId, opts.expectedVersion, loaded.version);
  }
  const decided = decider.decide(command, loaded.state);
  const state = decided.reduce(decider.evolve, loaded.state);
  const version = loaded.version + decided.length;
  const meta = command.metadata;
  const newEvents: NewEvent[] = decided.map((e, i) => ({
    eventId: randomUUID(),
    type: e.type,
    data: e.data,
    occurredAt: meta.now,
    metadata: {
      actorId: meta.actor.id,
      roles: meta.actor.roles,
      unit: meta.actor.unit,
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      commandId: meta.commandId,
      index: i,
    },
  }));
  const withIds = decided.map((e, i) => ({ ...e, eventId: newEvents[i].eventId, occurredAt: meta.now }));
  const result = opts.result(state, version, decided);
  let headHash = loaded.headHash;
  const append = async (newKeys: NewSubjectKeys | undefined) =>
    store.append(streamId, newEvents, {
      expectedVersion: loaded.version,
      expectedHeadHash: loaded.headHash,
      streamType: opts.streamType,
      outbox: opts.toOutbox ? opts.toOutbox(withIds, state, version) : [],
      alongside:
        opts.alongside && decided.length > 0 ? await opts.alongside(state, version, newKeys) : undefined,
      // Only what a replay needs: no state, no answer (they hold the record's personal data in clear).
      idempotency: opts.idempotency
        ? {
            key: opts.idempotency.key,
            result: {
              version,
              fingerprint: opts.idempotency.fingerprint,
              status: 'appended',
            } satisfies IdempotencyRecord,
          }
        : undefined,
      sql: opts.sql,
      newKeys,
    });
  try {
    const fresh = opts.newSubjects?.length && store.vault ? store.vault.newKeys(opts.newSubjects) : undefined;
    // A subject given as new that has a key after all (a redelivered referral whose case key exists):
    // seal again with the stored keys.
    const appended = await append(fresh).catch((err: unknown) => {
      if (err instanceof SubjectKeyExists) return append(undefined);
      throw err;
    });
    headHash = appended.events[appended.events.length - 1]?.hash ?? headHash;
  } catch (err) {
    if (err instanceof IdempotentReplay) return replayOf(err.result);
    throw err;
  }
  return { state, version, events: decided, result, replayed: false, headHash };
}

/**
 * What an idempotency key keeps (es_idempotency.result): the version the command left the stream at, the
 * digest of the request and the outcome — nothing of the record. Keys expire after a retention period
 * (IDEMPOTENCY_RETENTION_DAYS, see `purgeIdempotencyKeys`).
 */
export interface IdempotencyRecord {
  version: number;
  fingerprint: string;
  status: 'appended';
}

/**
 * A repeat of a command already carried out: the same answer, computed again from the stream up to the
 * version the first command left it at, through the normal read (sealed fields opened, erased ones
 * `[erased]`). The caller checked the user may see the record, and logs the read like any other.
 */
async function replay<S, E extends DomainEvent, R>(
  store: EventStore,
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  streamId: string,
  stored: unknown,
  fingerprint: string | undefined,
  opts: Pick<HandleOptions<S, E, R>, 'result' | 'sql'>,
): Promise<Handled<S, E, R>> {
  const s = stored as Partial<IdempotencyRecord> & { streamId?: unknown };
  if (fingerprint !== undefined && s.fingerprint !== undefined && s.fingerprint !== fingerprint) {
    throw new DomainError(
      'REQUEST.IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request; send a new key for a new request.',
      'invalid',
    );
  }
  const version = Number(s.version);
  // The stream the key was first used on: a repeat of a command that creates its record (a new contact,
  // a new case) would otherwise name a new one.
  const stream = typeof s.streamId === 'string' ? s.streamId : streamId;
  const events = (await store.readStream(stream, { sql: opts.sql })).filter(
    (e) => e.streamVersion <= version,
  );
  const state = fold(decider, events);
  return { state, version, events: [], result: opts.result(state, version, []), replayed: true };
}
