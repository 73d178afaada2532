import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, type CommandMetadata, type Decider } from '@cp/contracts';
// Test infrastructure only (the tag rules forbid data-access → testing for production code).
import { createTestDatabase, uniqueName } from '@cp/testing';
import { handleCommand, load } from './command-handler';
import { ConcurrencyError } from './errors';
import { EventStore, IdempotentReplay } from './event-store';
import { GENESIS_HASH, eventHash } from './hash';
import { EventStore1763900000000 } from './migrations/1763900000000-event-store';
import type { EventMetadata, NewEvent, OutboxMessage } from './types';

jest.setTimeout(30000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('event_store');
  // Only this library's migration: importing @cp/messaging here would make the projects depend on each other.
  ds = await db.migrated([EventStore1763900000000], { max: 20 });
  store = new EventStore(ds);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

const metadata = (extra: Partial<EventMetadata> = {}): EventMetadata => ({
  actorId: 'worker-1',
  roles: ['commune_worker'],
  unit: '00004',
  correlationId: randomUUID(),
  causationId: null,
  commandId: randomUUID(),
  ...extra,
});

const ev = (type: string, data: unknown, extra: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: metadata(),
  occurredAt: '2025-06-01T08:00:00.000Z',
  ...extra,
});

const streamId = (): string => uniqueName('case');

async function appendN(stream: string, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await store.append(stream, [ev('Counted', { n: i + 1 })], { expectedVersion: i, streamType: 'counter' });
  }
}

/** Expects one more Counted event on `stream`, appended with these expectations, to be refused as a conflict. */
function expectConflict(
  stream: string,
  expected: { expectedVersion: number; expectedHeadHash?: string },
  refusal: { expectedVersion?: number; currentVersion: number },
): Promise<void> {
  return expect(
    store.append(stream, [ev('Counted', {})], { ...expected, streamType: 'counter' }),
  ).rejects.toMatchObject({ name: 'ConcurrencyError', ...refusal });
}

async function outboxRowsFor(eventIds: string[]): Promise<Array<Record<string, unknown>>> {
  return ds.query(`SELECT * FROM es_outbox WHERE event_id = ANY($1::uuid[]) ORDER BY id`, [eventIds]);
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe('EventStore.append and readStream', () => {
  it('appends to a new stream and reads back versions 1..n with hashes chained from GENESIS_HASH', async () => {
    const id = streamId();
    const first = [
      ev('CaseOpened', { level: 1 }),
      ev('CaseAssigned', { to: 'w-2' }),
      ev('NoteAdded', { text: 'trẻ em' }),
    ];
    const result = await store.append(id, first, { expectedVersion: 0, streamType: 'case' });
    expect(result.version).toBe(3);
    expect(result.events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(result.events.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));

    // A second append without the head hash: the store reads it and continues the chain.
    const second = [
      ev('LevelChanged', { from: 1, to: 2, nested: { b: 1, a: [1, { y: 2, x: 1 }] } }),
      ev('CaseClosed', {}),
    ];
    const result2 = await store.append(id, second, { expectedVersion: 3, streamType: 'case' });
    expect(result2.version).toBe(5);

    const events = await store.readStream(id);
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'CaseAssigned',
      'NoteAdded',
      'LevelChanged',
      'CaseClosed',
    ]);
    expect(events.map((e) => e.data)).toEqual([...first, ...second].map((e) => e.data));
    expect(events[0].metadata).toEqual(first[0].metadata);
    expect(events.every((e) => e.streamType === 'case' && e.schemaVersion === 1)).toBe(true);
    const positions = events.map((e) => BigInt(e.globalPosition));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.previousHash).toBe(prev);
      expect(e.hash).toBe(eventHash(prev, e));
      prev = e.hash;
    }
    expect(result2.events[1].hash).toBe(prev);
    expect(await store.verifyStream(id)).toEqual({ ok: true, streamId: id, events: 5, headHash: prev });
    expect(await store.streamVersion(id)).toBe(5);
    expect(await store.readStream(streamId())).toEqual([]);
  });

  it('keeps the hash chain verifiable when the data held a Date (stored as its ISO string)', async () => {
    const id = streamId();
    const at = new Date('2025-02-03T04:05:06.789Z');
    await store.append(id, [ev('DeadlineSet', { due: at, nested: { at } })], {
      expectedVersion: 0,
      streamType: 'case',
    });
    const [stored] = await store.readStream(id);
    expect(stored.data).toEqual({ due: at.toISOString(), nested: { at: at.toISOString() } });
    expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 1 });
  });

  it('upcasts a literal schema-version-1 payload on read and never rewrites the stored event', async () => {
    // The exact JSON a version-1 writer stored (fixture: do not "tidy" it).
    const OLD_V1_JSON = '{"childName":"Nguyễn Văn A","ageYears":"7","channel":"hotline-111"}';
    const id = streamId();
    await store.append(id, [ev('ChildRecorded', JSON.parse(OLD_V1_JSON), { schemaVersion: 1 })], {
      expectedVersion: 0,
      streamType: 'contact',
    });
    await store.append(
      id,
      [
        ev(
          'ChildRecorded',
          { child: { name: 'Trần B', age: 9 }, channel: 'hotline-111' },
          { schemaVersion: 2 },
        ),
      ],
      { expectedVersion: 1, streamType: 'contact' },
    );

    const upcasting = new EventStore(ds);
    upcasting.registerUpcaster({
      type: 'ChildRecorded',
      fromVersion: 1,
      upcast: (d: { childName: string; ageYears: string; channel: string }) => ({
        child: { name: d.childName, age: Number(d.ageYears) },
        channel: d.channel,
      }),
    });
    upcasting.registerUpcaster({
      type: 'ChildRecorded',
      fromVersion: 2,
      upcast: (d: { child: { name: string; age: number }; channel: string }) => ({
        personal: { child: d.child },
        channel: d.channel === 'hotline-111' ? 'HOTLINE' : 'OTHER',
      }),
    });

    const events = await upcasting.readStream(id);
    expect(events.map((e) => [e.schemaVersion, e.data])).toEqual([
      [3, { personal: { child: { name: 'Nguyễn Văn A', age: 7 } }, channel: 'HOTLINE' }],
      [3, { personal: { child: { name: 'Trần B', age: 9 } }, channel: 'HOTLINE' }],
    ]);
    // A store without upcasters (and the table itself) still has the old payload; the chain still verifies.
    const raw = await store.readStream(id);
    expect(raw[0]).toMatchObject({ schemaVersion: 1, data: JSON.parse(OLD_V1_JSON) });
    const [row] = await ds.query(
      `SELECT schema_version, data FROM es_events WHERE stream_id = $1 AND stream_version = 1`,
      [id],
    );
    expect(row).toEqual({ schema_version: 1, data: JSON.parse(OLD_V1_JSON) });
    expect(await upcasting.verifyStream(id)).toMatchObject({ ok: true, events: 2 });
  });

  it('refuses an append at a stale expected version with a ConcurrencyError carrying the current version', async () => {
    const id = streamId();
    await appendN(id, 2);
    const [e1] = await store.readStream(id);

    const err = await caught(
      store.append(id, [ev('Counted', { n: 99 })], { expectedVersion: 1, streamType: 'counter' }),
    );
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ streamId: id, expectedVersion: 1, currentVersion: 2 });

    // Same with the (stale) head hash supplied by the caller, and with "the stream must not exist yet".
    await expectConflict(id, { expectedVersion: 1, expectedHeadHash: e1.hash }, { currentVersion: 2 });
    await expectConflict(id, { expectedVersion: 0 }, { expectedVersion: 0, currentVersion: 2 });
    expect((await store.readStream(id)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('refuses a head hash that is not the hash of the stored head', async () => {
    const id = streamId();
    await appendN(id, 1);
    await expectConflict(id, { expectedVersion: 1, expectedHeadHash: 'f'.repeat(64) }, { currentVersion: 1 });
    expect(await store.streamVersion(id)).toBe(1);
  });

  it.each([
    ['an existing stream', 1],
    ['a new stream', 0],
  ])(
    'lets exactly one of 16 concurrent appends at the same expected version win (%s)',
    async (_label, head) => {
      const id = streamId();
      await appendN(id, head);
      const attempts = Array.from({ length: 16 }, (_, i) => ev('Counted', { writer: i }));
      const settled = await Promise.allSettled(
        attempts.map((e) => store.append(id, [e], { expectedVersion: head, streamType: 'counter' })),
      );
      const won = settled.filter((s) => s.status === 'fulfilled');
      const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(15);
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(ConcurrencyError);
        expect(l.reason).toMatchObject({ expectedVersion: head, currentVersion: head + 1 });
      }
      const events = await store.readStream(id);
      expect(events).toHaveLength(head + 1);
      const winner = attempts[settled.findIndex((s) => s.status === 'fulfilled')];
      expect(events[head].eventId).toBe(winner.eventId);
      expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: head + 1 });
    },
  );

  it('refuses an expected version beyond the head (a gap), with or without a head hash', async () => {
    const id = streamId();
    await appendN(id, 2);
    const [, e2] = await store.readStream(id);
    await expectConflict(id, { expectedVersion: 4 }, { expectedVersion: 4, currentVersion: 2 });
    await expectConflict(
      id,
      { expectedVersion: 3, expectedHeadHash: e2.hash },
      { expectedVersion: 3, currentVersion: 2 },
    );
    const fresh = streamId();
    await expectConflict(
      fresh,
      { expectedVersion: 1, expectedHeadHash: GENESIS_HASH },
      { currentVersion: 0 },
    );
    expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(await store.readStream(fresh)).toEqual([]);
  });

  it('answers a second append with the same idempotency key with the first result and appends nothing', async () => {
    const id = streamId();
    const key = uniqueName('idem');
    const firstResult = { caseId: id, version: 1, note: 'first' };
    const e1 = ev('CaseOpened', { n: 1 });
    const topic = uniqueName('topic');
    await store.append(id, [e1], {
      expectedVersion: 0,
      streamType: 'case',
      idempotency: { key, result: firstResult },
      outbox: [{ eventId: e1.eventId, topic, key: id, payload: { n: 1 } }],
    });
    // What the key recorded, and the stream it was used on.
    expect(await store.findIdempotentResult(key)).toEqual({ ...firstResult, streamId: id });

    /** Appends `e` under the same key at `expectedVersion`: the first result is replayed instead. */
    const expectReplayed = async (e: NewEvent, expectedVersion: number, note: string, more = {}) => {
      const err = await caught(
        store.append(id, [e], {
          expectedVersion,
          streamType: 'case',
          idempotency: { key, result: { note } },
          ...more,
        }),
      );
      expect(err).toBeInstanceOf(IdempotentReplay);
      expect((err as IdempotentReplay).result).toEqual({ ...firstResult, streamId: id });
    };

    // Same key, at the current head (the guard would let it through): replayed.
    const e2 = ev('CaseOpened', { n: 2 });
    await expectReplayed(e2, 1, 'second', {
      outbox: [{ eventId: e2.eventId, topic, key: id, payload: { n: 2 } }],
    });

    // Same key, retried at the version the first attempt saw (a lost response): still the first result.
    const e3 = ev('CaseOpened', { n: 3 });
    await expectReplayed(e3, 0, 'retry');

    expect((await store.readStream(id)).map((e) => e.eventId)).toEqual([e1.eventId]);
    expect((await outboxRowsFor([e1.eventId, e2.eventId, e3.eventId])).map((r) => r.event_id)).toEqual([
      e1.eventId,
    ]);
    // What the key recorded, and the stream it was used on.
    expect(await store.findIdempotentResult(key)).toEqual({ ...firstResult, streamId: id });
  });
});

describe('transactional outbox', () => {
  it('writes exactly the outbox rows of a successful append, in the given order', async () => {
    const id = streamId();
    const topic = uniqueName('topic');
    const events = [ev('A', { i: 1 }), ev('B', { i: 2 }), ev('C', { i: 3 })];
    const outbox: OutboxMessage[] = [
      {
        eventId: events[0].eventId,
        topic,
        key: id,
        payload: { type: 'A', i: 1 },
        headers: { 'cp-event-type': 'A' },
      },
      { eventId: events[2].eventId, topic, key: id, payload: { type: 'C', i: 3 } },
    ];
    await store.append(id, events, { expectedVersion: 0, streamType: 'case', outbox });
    const rows = await outboxRowsFor(events.map((e) => e.eventId));
    expect(
      rows.map((r) => [r.event_id, r.topic, r.message_key, r.payload, r.headers, r.published_at]),
    ).toEqual([
      // The event store adds each event's place in its chain (rule 10, checkpoints.int.spec.ts).
      [
        events[0].eventId,
        topic,
        id,
        { type: 'A', i: 1, integrity: expect.objectContaining({ streamId: id, streamVersion: 1 }) },
        { 'cp-event-type': 'A' },
        null,
      ],
      [
        events[2].eventId,
        topic,
        id,
        { type: 'C', i: 3, integrity: expect.objectContaining({ streamId: id, streamVersion: 3 }) },
        {},
        null,
      ],
    ]);
    expect(Number(rows[0].id)).toBeLessThan(Number(rows[1].id));
    expect(await ds.query(`SELECT count(*)::int AS n FROM es_outbox WHERE topic = $1`, [topic])).toEqual([
      { n: 2 },
    ]);
  });

  it('writes no outbox row when the append fails (stale version, duplicate event id, or inside a rolled-back transaction)', async () => {
    const id = streamId();
    const topic = uniqueName('topic');
    await appendN(id, 1);
    const stale = ev('Stale', {});
    await expect(
      store.append(id, [stale], {
        expectedVersion: 0,
        streamType: 'counter',
        outbox: [{ eventId: stale.eventId, topic, key: id, payload: {} }],
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);

    // The event insert fails on the unique event id: the whole statement, outbox included, is undone.
    const [existing] = await store.readStream(id);
    const dupOutboxId = randomUUID();
    await expect(
      store.append(id, [ev('Dup', {}, { eventId: existing.eventId })], {
        expectedVersion: 1,
        streamType: 'counter',
        outbox: [{ eventId: dupOutboxId, topic, key: id, payload: {} }],
      }),
    ).rejects.toThrow(/duplicate key/);

    // Appended inside a caller's transaction that then fails: events and outbox roll back together.
    const inTx = ev('InTx', {});
    await expect(
      store.transaction(async (sql) => {
        await store.append(id, [inTx], {
          expectedVersion: 1,
          streamType: 'counter',
          outbox: [{ eventId: inTx.eventId, topic, key: id, payload: {} }],
          sql,
        });
        throw new Error('the read model update failed');
      }),
    ).rejects.toThrow('the read model update failed');

    expect(await ds.query(`SELECT count(*)::int AS n FROM es_outbox WHERE topic = $1`, [topic])).toEqual([
      { n: 0 },
    ]);
    expect(await outboxRowsFor([stale.eventId, dupOutboxId, inTx.eventId])).toEqual([]);
    expect(await store.streamVersion(id)).toBe(1);
  });
});

describe('a read-model write alongside the append', () => {
  it('happens in the same statement exactly when the events are appended', async () => {
    await ds.query(
      `CREATE TABLE IF NOT EXISTS test_alongside (stream_id text PRIMARY KEY, version int NOT NULL)`,
    );
    const id = streamId();
    const alongside = (version: number) => ({
      sql: `INSERT INTO test_alongside (stream_id, version) SELECT $1::text, $2::int WHERE EXISTS (SELECT 1 FROM e)
            ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version`,
      params: [id, version],
    });
    await store.append(id, [ev('A', {})], {
      expectedVersion: 0,
      streamType: 'case',
      alongside: alongside(1),
    });
    await store.append(id, [ev('B', {})], {
      expectedVersion: 1,
      streamType: 'case',
      alongside: alongside(2),
    });
    await expect(
      store.append(id, [ev('C', {})], { expectedVersion: 1, streamType: 'case', alongside: alongside(99) }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await ds.query(`SELECT version FROM test_alongside WHERE stream_id = $1`, [id])).toEqual([
      { version: 2 },
    ]);
  });
});

describe('point-in-time reads', () => {
  it('readStream with recordedAtOrBefore returns the stream as it was at that instant', async () => {
    const id = streamId();
    await appendN(id, 2);
    const atV2 = (await store.readStream(id))[1].recordedAt;
    const atV1 = (await store.readStream(id))[0].recordedAt;
    await new Promise((r) => setTimeout(r, 15));
    await appendN(id, 2, 2);

    expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
    expect((await store.readStream(id, { recordedAtOrBefore: atV2 })).map((e) => e.streamVersion)).toEqual([
      1, 2,
    ]);
    expect((await store.readStream(id, { recordedAtOrBefore: atV1 })).map((e) => e.streamVersion)).toEqual([
      1,
    ]);
    expect(await store.readStream(id, { recordedAtOrBefore: '2000-01-01T00:00:00.000Z' })).toEqual([]);

    const loaded = await load(store, counter, id, { recordedAtOrBefore: atV2 });
    expect(loaded.version).toBe(2);
    expect(loaded.headHash).toBe((await store.readStream(id))[1].hash);
  });
});

describe('tamper evidence', () => {
  /**
   * What someone with the owner's access to the database can do behind the application's back: switch
   * the append-only trigger off for one transaction and change the table (the application's own role has
   * no UPDATE or DELETE privilege at all: libs/platform database.int.spec.ts).
   */
  async function rewrite(statement: string, params: unknown[]): Promise<void> {
    await ds.transaction(async (sql) => {
      await sql.query(`ALTER TABLE es_events DISABLE TRIGGER USER`);
      await sql.query(statement, params);
      await sql.query(`ALTER TABLE es_events ENABLE TRIGGER USER`);
    });
  }

  it('locates an UPDATE of the data of event 2 of 4 as a hash mismatch at version 2', async () => {
    const id = streamId();
    await appendN(id, 4);
    expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 4 });
    const v2 = (await store.readStream(id))[1];
    await rewrite(
      `UPDATE es_events SET data = '{"n": 200}'::jsonb WHERE stream_id = $1 AND stream_version = 2`,
      [id],
    );
    expect((await store.readStream(id))[1].data).toEqual({ n: 200 });
    expect(await store.verifyStream(id)).toEqual({
      ok: false,
      streamId: id,
      events: 4,
      firstBroken: {
        streamVersion: 2,
        eventId: v2.eventId,
        globalPosition: v2.globalPosition,
        reason: 'hash_mismatch',
      },
    });
  });

  it('locates a rewrite that also recomputed the altered event hash as a broken chain at the next event', async () => {
    const id = streamId();
    await appendN(id, 4);
    const v2 = (await store.readStream(id))[1];
    const forged = eventHash(v2.previousHash, { ...v2, data: { n: 200 } });
    await rewrite(
      `UPDATE es_events SET data = '{"n": 200}'::jsonb, hash = $2 WHERE stream_id = $1 AND stream_version = 2`,
      [id, forged],
    );
    expect(await store.verifyStream(id)).toMatchObject({
      ok: false,
      events: 4,
      firstBroken: { streamVersion: 3, reason: 'chain_broken' },
    });
  });

  it('locates a DELETE of event 2 of 4 as a version gap at 2', async () => {
    const id = streamId();
    await appendN(id, 4);
    await rewrite(`DELETE FROM es_events WHERE stream_id = $1 AND stream_version = 2`, [id]);
    expect(await store.verifyStream(id)).toEqual({
      ok: false,
      streamId: id,
      events: 3,
      firstBroken: { streamVersion: 2, eventId: null, globalPosition: null, reason: 'version_gap' },
    });
  });

  it('refuses a plain UPDATE or DELETE of a stored event even to the owner, whatever the session sets', async () => {
    const id = streamId();
    await appendN(id, 2);
    await expect(
      ds.query(`UPDATE es_events SET data = '{"n": 5}'::jsonb WHERE stream_id = $1 AND stream_version = 2`, [
        id,
      ]),
    ).rejects.toThrow(/es_events is append-only/);
    await expect(ds.query(`DELETE FROM es_events WHERE stream_id = $1`, [id])).rejects.toThrow(/append-only/);
    // The setting that once let a session rewrite events is read by nothing any more.
    await expect(
      ds.transaction(async (sql) => {
        await sql.query(`SET LOCAL cp.allow_event_rewrite = 'on'`);
        await sql.query(`DELETE FROM es_events WHERE stream_id = $1`, [id]);
      }),
    ).rejects.toThrow(/append-only/);
    expect((await store.readStream(id)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 2 });
  });

  it('locates a changed recorded_at (what point-in-time reads go by) as a hash mismatch at that event', async () => {
    const id = streamId();
    await appendN(id, 3);
    const v2 = (await store.readStream(id))[1];
    expect(v2.hashVersion).toBe(2);
    const at = new Date(Date.parse(v2.recordedAt) - 86_400_000).toISOString();
    await rewrite(`UPDATE es_events SET recorded_at = $2 WHERE stream_id = $1 AND stream_version = 2`, [
      id,
      at,
    ]);
    expect((await store.readStream(id, { recordedAtOrBefore: at })).map((e) => e.streamVersion)).toEqual([2]);
    expect(await store.verifyStream(id)).toMatchObject({
      ok: false,
      firstBroken: { streamVersion: 2, eventId: v2.eventId, reason: 'hash_mismatch' },
    });
  });

  it('locates an event re-hashed under the old scheme (to leave recorded_at out) as a hash mismatch', async () => {
    const id = streamId();
    await appendN(id, 2);
    const v2 = (await store.readStream(id))[1];
    const at = new Date(Date.parse(v2.recordedAt) - 86_400_000).toISOString();
    const downgraded = eventHash(v2.previousHash, { ...v2, recordedAt: at, hashVersion: 1 });
    await rewrite(
      `UPDATE es_events SET recorded_at = $2, hash_version = 1, hash = $3 WHERE stream_id = $1 AND stream_version = 2`,
      [id, at, downgraded],
    );
    expect(await store.verifyStream(id)).toMatchObject({
      ok: false,
      firstBroken: { streamVersion: 2, reason: 'hash_mismatch' },
    });
  });
});

describe('hash schemes', () => {
  it('hashes every new event with the time the database recorded it (scheme 2), in the append statement', async () => {
    const id = streamId();
    const before = Date.now();
    const result = await store.append(id, [ev('A', { n: 1 }), ev('B', { n: 2 })], {
      expectedVersion: 0,
      streamType: 'counter',
    });
    const stored = await store.readStream(id);
    // One instant for the whole append, to the millisecond, set by the database.
    expect(stored.map((e) => e.recordedAt)).toEqual([
      result.events[0].recordedAt,
      result.events[0].recordedAt,
    ]);
    expect(Date.parse(stored[0].recordedAt)).toBeGreaterThanOrEqual(before - 1000);
    const rows: Array<{ hash_version: number; ms: boolean }> = await ds.query(
      `SELECT hash_version, recorded_at = date_trunc('milliseconds', recorded_at) AS ms FROM es_events
       WHERE stream_id = $1 ORDER BY stream_version`,
      [id],
    );
    expect(rows).toEqual([
      { hash_version: 2, ms: true },
      { hash_version: 2, ms: true },
    ]);
    expect(stored[0].hash).toBe(eventHash(GENESIS_HASH, stored[0]));
    expect(stored[1].hash).toBe(eventHash(stored[0].hash, stored[1]));
    expect(result.events.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
  });

  it('still verifies events stored under scheme 1, and chains new ones after them', async () => {
    const id = streamId();
    // Two events as the store wrote them before the hash covered recorded_at.
    let prev = GENESIS_HASH;
    for (const v of [1, 2]) {
      const e = ev('Old', { v });
      const occurredAt = e.occurredAt;
      const hash = eventHash(prev, {
        streamId: id,
        streamType: 'counter',
        streamVersion: v,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: 1,
        data: e.data,
        metadata: e.metadata,
        occurredAt,
        recordedAt: '',
        hashVersion: 1,
      });
      await ds.query(
        `INSERT INTO es_events (stream_id, stream_type, stream_version, event_id, type, schema_version, data,
           metadata, occurred_at, previous_hash, hash)
         VALUES ($1, 'counter', $2, $3, $4, 1, $5, $6, $7, $8, $9)`,
        [
          id,
          v,
          e.eventId,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          occurredAt,
          prev,
          hash,
        ],
      );
      prev = hash;
    }
    await store.append(id, [ev('New', { v: 3 })], { expectedVersion: 2, streamType: 'counter' });
    expect((await store.readStream(id)).map((e) => e.hashVersion)).toEqual([1, 1, 2]);
    expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 3 });
  });
});

// A tiny decider: a counter that can be incremented by a positive amount.
interface CounterState {
  total: number;
  increments: number;
}
interface Increment {
  kind: 'increment';
  by: number;
  metadata: CommandMetadata;
}
type CounterEvent =
  { type: 'Incremented'; data: { by: number } } | { type: 'MilestoneReached'; data: { total: number } };
const counter: Decider<CounterState, Increment, CounterEvent> = {
  initialState: () => ({ total: 0, increments: 0 }),
  decide: (c, s) => {
    if (c.by <= 0) throw new DomainError('COUNTER.NOT_POSITIVE', 'increment by a positive amount', 'invalid');
    const events: CounterEvent[] = [{ type: 'Incremented', data: { by: c.by } }];
    if (Math.floor((s.total + c.by) / 10) > Math.floor(s.total / 10)) {
      events.push({ type: 'MilestoneReached', data: { total: s.total + c.by } });
    }
    return events;
  },
  evolve: (s, e) =>
    e.type === 'Incremented' ? { total: s.total + e.data.by, increments: s.increments + 1 } : s,
};

const increment = (by: number): Increment => ({
  kind: 'increment',
  by,
  metadata: {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'worker-7', roles: ['commune_worker'], unit: '00004' },
    now: '2025-06-02T09:30:00.000Z',
  },
});

describe('handleCommand', () => {
  const topic = 'test.counter.v1';
  const opts = ({
    idempotencyKey,
    ...extra
  }: { expectedVersion?: number; idempotencyKey?: string } = {}) => ({
    streamType: 'counter',
    idempotency: idempotencyKey ? { key: idempotencyKey, fingerprint: 'same-request' } : undefined,
    result: (s: CounterState, version: number) => ({ total: s.total, version }),
    toOutbox: (
      events: Array<CounterEvent & { eventId: string; occurredAt: string }>,
      _s: CounterState,
      version: number,
    ) => events.map((e) => ({ eventId: e.eventId, topic, key: 'k', payload: { type: e.type, version } })),
    ...extra,
  });

  it('loads, decides and appends with the acting user in the metadata and the outbox rows', async () => {
    const id = streamId();
    const first = await handleCommand(store, counter, id, increment(4), opts({ expectedVersion: 0 }));
    expect(first).toMatchObject({
      version: 1,
      state: { total: 4, increments: 1 },
      result: { total: 4, version: 1 },
      replayed: false,
    });
    const cmd = increment(7);
    const second = await handleCommand(store, counter, id, cmd, opts({ expectedVersion: 1 }));
    expect(second.version).toBe(3);
    expect(second.events.map((e) => e.type)).toEqual(['Incremented', 'MilestoneReached']);
    expect(second.state.total).toBe(11);

    const events = await store.readStream(id);
    expect(events.map((e) => e.type)).toEqual(['Incremented', 'Incremented', 'MilestoneReached']);
    expect(events[2].metadata).toMatchObject({
      actorId: 'worker-7',
      roles: ['commune_worker'],
      unit: '00004',
      commandId: cmd.metadata.commandId,
      correlationId: cmd.metadata.correlationId,
      causationId: null,
    });
    expect(events[2].occurredAt).toBe('2025-06-02T09:30:00.000Z');
    expect((await outboxRowsFor(events.map((e) => e.eventId))).map((r) => r.event_id)).toEqual(
      events.map((e) => e.eventId),
    );
    expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 3 });
  });

  it('refuses a command whose expected version is not the current version and appends nothing', async () => {
    const id = streamId();
    await handleCommand(store, counter, id, increment(1), opts());
    await handleCommand(store, counter, id, increment(1), opts());
    const err = await caught(handleCommand(store, counter, id, increment(1), opts({ expectedVersion: 1 })));
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ streamId: id, expectedVersion: 1, currentVersion: 2 });
    await expect(
      handleCommand(store, counter, id, increment(1), opts({ expectedVersion: 3 })),
    ).rejects.toMatchObject({
      name: 'ConcurrencyError',
      currentVersion: 2,
    });
    expect(await store.streamVersion(id)).toBe(2);
  });

  it('refuses a reused idempotency key carrying a different request, appending nothing', async () => {
    const id = streamId();
    const key = uniqueName('idem');
    await handleCommand(store, counter, id, increment(5), opts({ expectedVersion: 0, idempotencyKey: key }));
    await expect(
      handleCommand(store, counter, id, increment(7), {
        ...opts({ expectedVersion: 1 }),
        idempotency: { key, fingerprint: 'another-request' },
      }),
    ).rejects.toMatchObject({ code: 'REQUEST.IDEMPOTENCY_KEY_REUSED' });
    expect(await store.streamVersion(id)).toBe(1);
  });

  it('replays a repeated idempotency key: same result, replayed: true, nothing appended', async () => {
    const id = streamId();
    const key = uniqueName('idem');
    const send = () =>
      handleCommand(store, counter, id, increment(5), opts({ expectedVersion: 0, idempotencyKey: key }));
    const first = await send();
    expect(first.replayed).toBe(false);
    // The client retries with the same key and the version it saw then.
    const again = await send();
    expect(again).toEqual({
      state: first.state,
      version: first.version,
      result: first.result,
      events: [],
      replayed: true,
    });
    expect(await store.streamVersion(id)).toBe(1);
    expect(
      await ds.query(
        `SELECT count(*)::int AS n FROM es_outbox o JOIN es_events e USING (event_id) WHERE e.stream_id = $1`,
        [id],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('gives concurrent duplicates of one idempotent command the same result and appends once', async () => {
    const id = streamId();
    await handleCommand(store, counter, id, increment(1), opts());
    const key = uniqueName('idem');
    const cmd = increment(3);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        handleCommand(store, counter, id, cmd, opts({ expectedVersion: 1, idempotencyKey: key })),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    for (const r of results) expect(r.result).toEqual({ total: 4, version: 2 });
    expect(await store.streamVersion(id)).toBe(2);
  });

  it('propagates a domain error from decide and appends nothing', async () => {
    const id = streamId();
    await expect(handleCommand(store, counter, id, increment(0), opts())).rejects.toMatchObject({
      code: 'COUNTER.NOT_POSITIVE',
    });
    expect(await store.streamVersion(id)).toBe(0);
  });
});
