import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConcurrencyError } from './errors';
import { GENESIS_HASH, HASH_VERSION, eventHash, hashedText, type HashVersion } from './hash';
import {
  ERASURE_EVENT,
  type NewSubjectKeys,
  type PersonalDataPolicy,
  type PersonalDataVault,
} from './personal-data';
import type {
  AppendResult,
  EventMetadata,
  NewEvent,
  OutboxMessage,
  StoredEvent,
  UpcasterRegistration,
} from './types';

/** Idempotency keys deleted per statement when old ones are purged. */
const PURGE_SLICE = 5000;

/** Anything that can run SQL: the data source itself or the manager of an open transaction. */
export interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
  query(query: string, parameters?: unknown[]): Promise<any>;
}

export interface AppendOptions {
  /** Version of the stream the caller read (0 = the stream must not exist yet). */
  expectedVersion: number;
  /** Hash of the event at `expectedVersion`; read from the database when the caller does not know it. */
  expectedHeadHash?: string;
  streamType: string;
  outbox?: OutboxMessage[];
  idempotency?: { key: string; result: unknown };
  /**
   * A write of the caller's own (a read model of this service that must never lag its events) made in
   * the same statement, so it happens if and only if the events are appended. Its parameters are
   * numbered from $1; it must be a data-modifying statement guarded by `WHERE EXISTS (SELECT 1 FROM e)`
   * (`e` holds the appended events).
   */
  alongside?: { sql: string; params: unknown[] };
  /** Run inside this transaction instead of on its own. */
  sql?: Sql;
  /**
   * First keys of data subjects that have none yet (`PersonalDataVault.newKeys`): stored by this append,
   * in the same statement as the events sealed under them. If one of those subjects turns out to have a
   * key already, the append is refused with `SubjectKeyExists` (the caller seals again without them).
   */
  newKeys?: NewSubjectKeys;
}

/** A subject given as new already has a key: seal again with the stored one (`handleCommand` does). */
export class SubjectKeyExists extends Error {
  constructor(readonly streamId: string) {
    super(`a data subject of ${streamId} given as new already has a key`);
  }
}

export interface ReadOptions {
  /** Only events recorded at or before this instant (point-in-time reconstruction). */
  recordedAtOrBefore?: string;
  sql?: Sql;
  /**
   * Leave personal fields sealed, as stored: for deciding who may see a record (its units are not
   * personal) when its keys may have been tampered with, so that it can still be verified.
   */
  sealed?: boolean;
}

/** One stored event's place in its stream and its hashes, as stored (not recomputed). */
export interface ChainLink {
  version: number;
  eventId: string;
  hash: string;
  prevHash: string;
}

/**
 * Why a stream does not verify, at its first broken event: its content or time of recording changed
 * (`hash_mismatch`), it does not link to the event before it (`chain_broken`), a version is missing
 * (`version_gap`), or the key of a data subject whose fields it seals is gone (`subject_key_missing`),
 * destroyed without an erasure recorded in the store (`subject_key_destroyed`), or no longer opens them
 * (`subject_key_altered`). None of these can happen through the application: each is tampering.
 */
export type BrokenReason =
  | 'hash_mismatch'
  | 'chain_broken'
  | 'version_gap'
  | 'subject_key_missing'
  | 'subject_key_destroyed'
  | 'subject_key_altered';

export type IntegrityResult = (
  | { ok: true; streamId: string; events: number; headHash: string | null }
  | {
      ok: false;
      streamId: string;
      events: number;
      firstBroken: {
        streamVersion: number;
        eventId: string | null;
        globalPosition: string | null;
        reason: BrokenReason;
        /** The data subject, for a key problem. */
        subject?: string;
      };
    }
) & {
  /** Every stored event's links, when asked for: a holder of a copy of the chain compares it with its own. */
  chain?: ChainLink[];
};

/**
 * A subject key used to seal was erased meanwhile, or was never stored (remembered from a transaction that
 * rolled back); the vault has forgotten it (the append seals again).
 */
class StaleSubjectKeys extends Error {
  constructor() {
    super('a subject key used to seal was erased meanwhile');
  }
}

type SubjectKeyUse = { subject: string; generation: number };

interface ErasureEvent extends NewEvent {
  data: { erasureId: string; erasedAt: string; subjects: string[] };
}

function isErasure(e: NewEvent): e is ErasureEvent {
  const d = e.data as { subjects?: unknown } | null;
  return e.type === ERASURE_EVENT && !!d && Array.isArray(d.subjects);
}

export class IdempotentReplay extends Error {
  constructor(readonly result: unknown) {
    super('idempotent replay');
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
type Row = Record<string, any>;

/**
 * The event store of one service database. Appends are one SQL statement: events, outbox rows and the
 * idempotency key commit together or not at all, guarded by the expected version and head hash.
 */
export class EventStore {
  private readonly upcasters = new Map<string, UpcasterRegistration>();
  private readonly appendedListeners = new Set<() => void>();

  private readonly direct: Sql;
  private personalData: PersonalDataPolicy | null = null;

  constructor(
    private readonly dataSource: DataSource,
    /** Seals personal fields on append and opens them on read (rule 11); none in tools that store none. */
    readonly vault: PersonalDataVault | null = null,
  ) {
    // Outside transactions, go straight to the driver's pg pool: TypeORM's per-query runner adds a
    // measurable cost on the append hot path (bench/event-store.bench.ts).
    const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
    this.direct = pool ? new PooledSql(pool) : dataSource.manager;
  }

  /**
   * Which fields of this service's events are personal and whose they are: from now on they are stored
   * sealed under their subject's key (the hash covers the sealed form) and opened by `readStream`.
   */
  usePersonalDataPolicy(policy: PersonalDataPolicy): void {
    if (!this.vault) throw new Error('a personal-data policy needs the event store to have a vault');
    this.personalData = policy;
  }

  registerUpcaster(reg: UpcasterRegistration): void {
    this.upcasters.set(`${reg.type}@${reg.fromVersion}`, reg);
  }

  /** Called after every committed append that wrote outbox rows (the relay wakes on it in-process). */
  onOutboxWritten(listener: () => void): () => void {
    this.appendedListeners.add(listener);
    return () => this.appendedListeners.delete(listener);
  }

  notifyOutboxWritten(): void {
    for (const l of this.appendedListeners) l();
  }

  get sql(): Sql {
    return this.direct;
  }

  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return transaction(this.dataSource, work);
  }

  async readStream<T = unknown>(streamId: string, opts: ReadOptions = {}): Promise<StoredEvent<T>[]> {
    const sql = opts.sql ?? this.sql;
    const rows: Row[] = opts.recordedAtOrBefore
      ? await sql.query(
          // recorded_at has microseconds but the instants handed out (StoredEvent.recordedAt) have
          // milliseconds: compare at that precision, or "as at this event's recordedAt" would miss the event.
          `SELECT * FROM es_events WHERE stream_id = $1 AND date_trunc('milliseconds', recorded_at) <= $2::timestamptz
           ORDER BY stream_version`,
          [streamId, opts.recordedAtOrBefore],
        )
      : await sql.query(`SELECT * FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
    let events = rows.map(toStored);
    if (this.vault && !opts.sealed) events = await this.vault.open(events, (e) => `event:${e.eventId}`, sql);
    return events.map((e) => this.upcast(e)) as StoredEvent<T>[];
  }

  async streamVersion(streamId: string, sql: Sql = this.sql): Promise<number> {
    const rows: Row[] = await sql.query(
      `SELECT coalesce(max(stream_version), 0)::int AS v FROM es_events WHERE stream_id = $1`,
      [streamId],
    );
    return Number(rows[0].v);
  }

  /** Forgets the idempotency keys recorded before `before` (they expire after a retention period). */
  async purgeIdempotencyKeys(before: Date, sql: Sql = this.sql): Promise<number> {
    // In slices, so no statement runs into the statement time limit and no lock is held long.
    let total = 0;
    for (;;) {
      const rows: Row[] = await sql.query(
        `WITH gone AS (
           DELETE FROM es_idempotency WHERE ctid IN (
             SELECT ctid FROM es_idempotency WHERE created_at < $1 LIMIT ${PURGE_SLICE}
           ) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [before.toISOString()],
      );
      const n = Number(rows[0].n);
      total += n;
      if (n < PURGE_SLICE) return total;
    }
  }

  /** What an idempotency key recorded (IdempotencyRecord), with the stream it was used on. */
  async findIdempotentResult(key: string, sql: Sql = this.sql): Promise<unknown> {
    const rows: Row[] = await sql.query(
      `SELECT result, stream_id FROM es_idempotency WHERE idempotency_key = $1`,
      [key],
    );
    return rows.length ? { ...rows[0].result, streamId: rows[0].stream_id } : undefined;
  }

  async append(streamId: string, events: NewEvent[], opts: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) {
      return { streamId, version: opts.expectedVersion, events: [] };
    }
    const erasures = this.vault ? events.filter(isErasure) : [];
    if (erasures.length > 0) {
      // Rule 11: the keys an erasure names are destroyed with it, in one transaction, or not at all.
      const erase = async (sql: Sql): Promise<AppendResult> => {
        const appended = await this.sealAndAppend(streamId, events, { ...opts, sql }, sql);
        for (const { data } of erasures) {
          await this.vault!.erase(data.subjects, { id: data.erasureId, at: data.erasedAt }, sql);
        }
        return appended;
      };
      if (opts.sql) return erase(opts.sql);
      const appended = await this.transaction(erase);
      this.notifyOutboxWritten();
      return appended;
    }
    return this.sealAndAppend(streamId, events, opts, opts.sql ?? this.sql);
  }

  private async sealAndAppend(
    streamId: string,
    events: NewEvent[],
    opts: AppendOptions,
    sql: Sql,
  ): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      let stored = events;
      let keys: SubjectKeyUse[] = [];
      if (this.personalData && this.vault) {
        ({ events: stored, used: keys } = await this.vault.sealEvents(
          streamId,
          events,
          this.personalData,
          sql,
          opts.newKeys,
        ));
      }
      try {
        return await this.appendSealed(streamId, stored, opts, sql, keys);
      } catch (err) {
        // A key this process remembered was erased by another: it is forgotten now; seal again, once.
        if (!(err instanceof StaleSubjectKeys) || attempt > 0) throw err;
      }
    }
  }

  private async appendSealed(
    streamId: string,
    events: NewEvent[],
    opts: AppendOptions,
    sql: Sql,
    keys: SubjectKeyUse[],
  ): Promise<AppendResult> {
    let previousHash = opts.expectedHeadHash;
    if (previousHash === undefined) {
      previousHash =
        opts.expectedVersion === 0 ? GENESIS_HASH : await this.headHash(streamId, opts.expectedVersion, sql);
    }
    const versions: number[] = [];
    const ids: string[] = [];
    const types: string[] = [];
    const schemaVersions: number[] = [];
    const datas: string[] = [];
    const metas: string[] = [];
    const occurred: string[] = [];
    const texts: string[] = [];
    events.forEach((e, i) => {
      const streamVersion = opts.expectedVersion + i + 1;
      const schemaVersion = e.schemaVersion ?? 1;
      const occurredAt = new Date(e.occurredAt).toISOString();
      versions.push(streamVersion);
      ids.push(e.eventId);
      types.push(e.type);
      schemaVersions.push(schemaVersion);
      datas.push(JSON.stringify(e.data));
      metas.push(JSON.stringify(e.metadata));
      occurred.push(occurredAt);
      // What the hash covers besides the previous hash and the time of recording, which only the
      // database knows: the statement hashes it (scheme 2) and returns the hashes.
      texts.push(
        hashedText({
          streamId,
          streamType: opts.streamType,
          streamVersion,
          eventId: e.eventId,
          type: e.type,
          schemaVersion,
          data: e.data,
          metadata: e.metadata,
          occurredAt,
        }),
      );
    });
    const outbox = opts.outbox ?? [];
    const params: unknown[] = [
      streamId,
      opts.streamType,
      opts.expectedVersion,
      opts.expectedVersion === 0 ? null : previousHash,
      versions,
      ids,
      types,
      schemaVersions,
      datas,
      metas,
      occurred,
      texts,
      previousHash,
      outbox.map((o) => o.eventId),
      outbox.map((o) => o.topic),
      outbox.map((o) => o.key),
      outbox.map((o) => JSON.stringify(o.payload)),
      outbox.map((o) => JSON.stringify(o.headers ?? {})),
      opts.idempotency?.key ?? null,
      opts.idempotency ? JSON.stringify(opts.idempotency.result) : null,
      // The stored keys used must still be there (rule 11): a field sealed under an erased key is lost.
      keys.map((k) => k.subject),
      keys.map((k) => k.generation),
      // The new subjects' first keys, stored with the events.
      [...(opts.newKeys?.keys.keys() ?? [])],
      [...(opts.newKeys?.keys.values() ?? [])].map((k) => k.wrapped),
    ];
    let text = this.vault ? APPEND_SQL : PLAIN_APPEND_SQL;
    if (!this.vault) params.splice(20);
    if (opts.alongside) {
      const offset = params.length;
      text = withAlongside(
        text,
        opts.alongside.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`),
      );
      params.push(...opts.alongside.params);
    }
    let rows: Row[];
    try {
      rows = await sql.query(text, params);
    } catch (err) {
      const constraint = (err as { constraint?: string }).constraint;
      if (constraint === 'es_idempotency_pkey' && opts.idempotency) {
        throw new IdempotentReplay(await this.findIdempotentResult(opts.idempotency.key));
      }
      if (constraint === 'es_events_stream_version_uq') {
        await this.throwIfIdempotentReplay(opts);
        throw new ConcurrencyError(streamId, opts.expectedVersion, await this.streamVersion(streamId));
      }
      throw err;
    }
    if (rows.length === 0) {
      if (keys.length > 0) {
        const stale = await this.vault!.unusableAmong(keys, sql);
        if (stale.length > 0) {
          this.vault!.forget(stale);
          throw new StaleSubjectKeys();
        }
      }
      // The guard refused: the head is not at the expected version (or its hash differs). When the
      // head moved because this very command (same idempotency key) already committed — a retry after a
      // lost response, or a concurrent double submit — the answer is the first result, not a conflict.
      await this.throwIfIdempotentReplay(opts);
      const current = await this.streamVersion(streamId, sql);
      // The head was as expected, so what refused was a subject given as new that has a key already.
      if (opts.newKeys && opts.newKeys.keys.size > 0 && current === opts.expectedVersion) {
        throw new SubjectKeyExists(streamId);
      }
      throw new ConcurrencyError(streamId, opts.expectedVersion, current);
    }
    if (opts.newKeys) this.vault?.stored(opts.newKeys);
    if (outbox.length > 0 && !opts.sql) this.notifyOutboxWritten();
    return {
      streamId,
      version: opts.expectedVersion + events.length,
      events: rows.map((r) => ({
        eventId: r.event_id,
        globalPosition: String(r.global_position),
        streamVersion: Number(r.stream_version),
        hash: String(r.hash).trim(),
        recordedAt: new Date(r.recorded_at).toISOString(),
      })),
    };
  }

  /**
   * Writes messages to the outbox without appending events (a read's access record, a checkpoint): the
   * relay publishes them like any other. Inside the caller's transaction when `sql` is given (the caller
   * then wakes the relay after its commit with `notifyOutboxWritten`), otherwise on its own.
   */
  async enqueue(messages: OutboxMessage[], sql?: Sql): Promise<void> {
    if (messages.length === 0) return;
    await (sql ?? this.sql).query(
      `INSERT INTO es_outbox (event_id, topic, message_key, payload, headers)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[])`,
      [
        messages.map((m) => m.eventId),
        messages.map((m) => m.topic),
        messages.map((m) => m.key),
        messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => JSON.stringify(m.headers ?? {})),
      ],
    );
    if (!sql) this.notifyOutboxWritten();
  }

  /**
   * Recomputes the chain of one stream and names the first event that does not verify; with `chain`, also
   * returns every event's stored links, read in the same query as the verification.
   */
  async verifyStream(
    streamId: string,
    sql: Sql = this.sql,
    opts: { chain?: boolean } = {},
  ): Promise<IntegrityResult> {
    const rows: Row[] = await sql.query(
      `SELECT * FROM es_events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    let verified = this.verifyRows(streamId, rows);
    if (verified.ok && this.vault) {
      // Rule 11: every sealed field must still open, or its key must have been destroyed by an erasure
      // the store recorded. A key row deleted or altered behind the application's back is tampering,
      // never "erased".
      const problem = await this.vault.verifySealed(
        rows.map((r) => ({ data: r.data as unknown, context: `event:${r.event_id}` })),
        sql,
      );
      if (problem) {
        const r = rows[problem.item];
        verified = {
          ok: false,
          streamId,
          events: rows.length,
          firstBroken: {
            streamVersion: Number(r.stream_version),
            eventId: String(r.event_id),
            globalPosition: String(r.global_position),
            reason: problem.reason,
            subject: problem.subject,
          },
        };
      }
    }
    if (!opts.chain) return verified;
    return {
      ...verified,
      chain: rows.map((r) => ({
        version: Number(r.stream_version),
        eventId: String(r.event_id),
        hash: String(r.hash).trim(),
        prevHash: String(r.previous_hash).trim(),
      })),
    };
  }

  private verifyRows(streamId: string, rows: Row[]): IntegrityResult {
    let prev = GENESIS_HASH;
    let expectedVersion = 1;
    let scheme: HashVersion = 1;
    for (const r of rows) {
      const e = toStored(r);
      const located = {
        streamVersion: e.streamVersion,
        eventId: e.eventId,
        globalPosition: e.globalPosition,
      };
      const broken = (reason: BrokenReason): IntegrityResult => ({
        ok: false,
        streamId,
        events: rows.length,
        firstBroken: { ...located, reason },
      });
      if (e.streamVersion !== expectedVersion) {
        return {
          ok: false,
          streamId,
          events: rows.length,
          firstBroken: {
            ...located,
            streamVersion: expectedVersion,
            eventId: null,
            globalPosition: null,
            reason: 'version_gap',
          },
        };
      }
      if (e.previousHash !== prev) return broken('chain_broken');
      // A stream never goes back to an older scheme: an event "hashed" under scheme 1 after one under
      // scheme 2 was re-hashed by someone leaving recorded_at out of it.
      if (e.hashVersion < scheme || e.hashVersion > HASH_VERSION) return broken('hash_mismatch');
      scheme = e.hashVersion;
      if (eventHash(prev, e) !== e.hash) return broken('hash_mismatch');
      prev = e.hash;
      expectedVersion++;
    }
    return { ok: true, streamId, events: rows.length, headHash: rows.length ? prev : null };
  }

  /** Head (version, hash) of every stream: the content of a published checkpoint. */
  async streamHeads(
    sql: Sql = this.sql,
  ): Promise<Array<{ streamId: string; version: number; hash: string }>> {
    const rows: Row[] = await sql.query(
      `SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM es_events
       ORDER BY stream_id, stream_version DESC`,
    );
    return rows.map((r) => ({
      streamId: r.stream_id,
      version: Number(r.stream_version),
      hash: String(r.hash).trim(),
    }));
  }

  private async throwIfIdempotentReplay(opts: AppendOptions): Promise<void> {
    if (!opts.idempotency) return;
    // Outside the caller's transaction, which may be aborted; the first append has committed by now
    // (the guard's snapshot saw its events, or the unique index made this one wait for its commit).
    const previous = await this.findIdempotentResult(opts.idempotency.key);
    if (previous !== undefined) throw new IdempotentReplay(previous);
  }

  private async headHash(streamId: string, version: number, sql: Sql): Promise<string> {
    const rows: Row[] = await sql.query(
      `SELECT hash FROM es_events WHERE stream_id = $1 AND stream_version = $2`,
      [streamId, version],
    );
    if (rows.length === 0) {
      throw new ConcurrencyError(streamId, version, await this.streamVersion(streamId, sql));
    }
    return String(rows[0].hash).trim();
  }

  private upcast(e: StoredEvent): StoredEvent {
    let current = e;
    for (;;) {
      const reg = this.upcasters.get(`${current.type}@${current.schemaVersion}`);
      if (!reg) return current;
      current = { ...current, data: reg.upcast(current.data), schemaVersion: current.schemaVersion + 1 };
    }
  }
}

/**
 * One statement, so one round trip and one implicit transaction. The `ok` guard lets nothing be written
 * unless the stream is exactly at the expected version with the expected head hash, and every stored
 * subject key the sealed fields used ($21 subjects, $22 generations) is there and not erased (a key this
 * process remembers may have been destroyed by another, or created in a transaction that rolled back —
 * sealing under it would make the fields unreadable). New subjects' first keys ($23, wrapped $24) are
 * inserted with the events; if one of them existed already, no event is written. The outbox and
 * idempotency inserts only happen when the events did. A concurrent writer that passed the same guard
 * loses on the (stream_id, stream_version) unique constraint.
 *
 * The database sets `recorded_at` (one instant for the whole append, to the millisecond so that it reads
 * back exactly) and the statement hashes each event with it (scheme 2, `eventHash`): `$12` holds each
 * event's canonical content text, `$13` the hash the chain continues from. An outbox message derived from
 * an appended event (same event id) gets where that event sits in its stream and its hashes (rule 10:
 * every consumer can keep a copy of the chain outside this database).
 */
const APPEND_SQL = `
WITH RECURSIVE head AS (
  SELECT coalesce((SELECT stream_version FROM es_events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1), 0) AS v,
         (SELECT hash FROM es_events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1) AS h
), ok AS (
  SELECT head.v = $3 AND head.h IS NOT DISTINCT FROM $4
     AND (SELECT count(*) FROM pd_subject_keys k JOIN unnest($21::text[], $22::int[]) AS u(s, g)
          ON k.subject_id = u.s AND k.generation = u.g WHERE k.wrapped_key IS NOT NULL) = cardinality($21::text[])
     AS go
  FROM head
), k AS (
  INSERT INTO pd_subject_keys (subject_id, generation, wrapped_key)
  SELECT n.s, 1, n.w FROM unnest($23::text[], $24::text[]) AS n(s, w) WHERE (SELECT go FROM ok)
  ON CONFLICT DO NOTHING RETURNING subject_id
), at AS (
  SELECT date_trunc('milliseconds', clock_timestamp()) AS ts
), x AS (
  SELECT * FROM unnest($5::int[], $6::uuid[], $7::text[], $8::int[], $9::jsonb[], $10::jsonb[], $11::timestamptz[],
                       $12::text[]) WITH ORDINALITY AS x(v, id, t, sv, d, m, o, c, n)
), chain (n, h, ph) AS (
  SELECT 0::bigint, $13::text, NULL::text
  UNION ALL
  SELECT x.n,
         encode(sha256(convert_to('v2' || E'\\n' || chain.h || E'\\n'
           || to_char((SELECT ts FROM at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\\n' || x.c,
           'UTF8')), 'hex'),
         chain.h
  FROM chain JOIN x ON x.n = chain.n + 1
), e AS (
  INSERT INTO es_events (stream_id, stream_type, stream_version, event_id, type, schema_version, data, metadata,
                         occurred_at, recorded_at, previous_hash, hash, hash_version)
  SELECT $1, $2, x.v, x.id, x.t, x.sv, x.d, x.m, x.o, (SELECT ts FROM at), c.ph, c.h, 2
  FROM x JOIN chain c ON c.n = x.n
  WHERE (SELECT go FROM ok) AND (SELECT count(*) FROM k) = cardinality($23::text[])
  ORDER BY x.n
  RETURNING global_position, event_id, stream_version, hash, previous_hash, recorded_at
), o AS (
  INSERT INTO es_outbox (event_id, topic, message_key, payload, headers)
  SELECT y.id, y.t, y.k,
         CASE WHEN e.event_id IS NOT NULL AND jsonb_typeof(y.p) = 'object'
              THEN y.p || jsonb_build_object('integrity', jsonb_build_object('streamId', $1::text,
                     'streamVersion', e.stream_version, 'hash', e.hash, 'prevHash', e.previous_hash))
              ELSE y.p END,
         y.hd
  FROM unnest($14::uuid[], $15::text[], $16::text[], $17::jsonb[], $18::jsonb[]) WITH ORDINALITY AS y(id, t, k, p, hd, n)
  LEFT JOIN e ON e.event_id = y.id
  WHERE EXISTS (SELECT 1 FROM e)
  ORDER BY y.n
), i AS (
  INSERT INTO es_idempotency (idempotency_key, stream_id, result)
  SELECT $19, $1, $20::jsonb WHERE $19::text IS NOT NULL AND EXISTS (SELECT 1 FROM e)
)
SELECT global_position, event_id, stream_version, hash, recorded_at FROM e ORDER BY stream_version`;

/** The same without personal data (a store with no vault, whose database may have no key table). */
const PLAIN_APPEND_SQL = APPEND_SQL.replace(
  /\n\s+AND \(SELECT count\(\*\) FROM pd_subject_keys[\s\S]*?= cardinality\(\$21::text\[\]\)/,
  '',
)
  .replace(/ k AS \([\s\S]*?RETURNING subject_id\n\), at AS/, ' at AS')
  .replace(' AND (SELECT count(*) FROM k) = cardinality($23::text[])', '');

const ALONGSIDE_MARK =
  '\nSELECT global_position, event_id, stream_version, hash, recorded_at FROM e ORDER BY stream_version';
const withAlongsideCache = new Map<string, string>();

/** The append statement with the caller's write as one more CTE (memoised: the text names a prepared statement). */
function withAlongside(base: string, extra: string): string {
  const cacheKey = `${base === APPEND_SQL ? 'keyed' : 'plain'}\n${extra}`;
  let text = withAlongsideCache.get(cacheKey);
  if (!text) {
    text = base.replace(ALONGSIDE_MARK, `, alongside AS (\n${extra}\n)${ALONGSIDE_MARK}`);
    withAlongsideCache.set(cacheKey, text);
    PREPARED.set(text, `cp_es_append_${createHash('sha1').update(cacheKey).digest('hex').slice(0, 12)}`);
  }
  return text;
}

function toStored(r: Row): StoredEvent {
  return {
    globalPosition: String(r.global_position),
    streamId: r.stream_id,
    streamType: r.stream_type,
    streamVersion: Number(r.stream_version),
    eventId: r.event_id,
    type: r.type,
    schemaVersion: Number(r.schema_version),
    data: r.data,
    metadata: r.metadata as EventMetadata,
    occurredAt: new Date(r.occurred_at).toISOString(),
    recordedAt: new Date(r.recorded_at).toISOString(),
    previousHash: String(r.previous_hash).trim(),
    hash: String(r.hash).trim(),
    hashVersion: Number(r.hash_version ?? 1) as HashVersion,
  };
}

interface PgQueryable {
  query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

interface PgPool extends PgQueryable {
  connect(): Promise<PgQueryable & { release(err?: Error | boolean): void }>;
}

/** The pg pool with the append statement prepared once per connection (it is long to plan). */
/** Statements prepared once per connection (they are long to plan), by text. */
const PREPARED = new Map<string, string>([
  [APPEND_SQL, 'cp_es_append'],
  [PLAIN_APPEND_SQL, 'cp_es_append_plain'],
]);

/** The pg pool, or one of its connections, with the long statements prepared once per connection. */
class PooledSql implements Sql {
  constructor(private readonly pool: PgQueryable) {}

  async query(text: string, values?: unknown[]): Promise<unknown[]> {
    const name = PREPARED.get(text);
    return (await this.pool.query({ text, values, name })).rows;
  }
}

/**
 * A transaction on one connection of the data source's pg pool, without TypeORM's query runner (which
 * costs more than the statements on the hot paths: the consumers, the append). Falls back to TypeORM's
 * transaction where the driver has no pg pool.
 */
export async function transaction<T>(dataSource: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool || typeof pool.connect !== 'function') {
    return dataSource.transaction((manager) => work(manager));
  }
  const client = await pool.connect();
  const sql = new PooledSql(client);
  let broken: Error | undefined;
  try {
    await client.query({ text: 'BEGIN' });
    const result = await work(sql);
    await client.query({ text: 'COMMIT' });
    return result;
  } catch (err) {
    try {
      await client.query({ text: 'ROLLBACK' });
    } catch (rollbackErr) {
      // The connection is unusable (e.g. the server went away): do not give it back to the pool.
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    }
    throw err;
  } finally {
    client.release(broken);
  }
}
