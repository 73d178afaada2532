import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import {
  EventStore,
  EventStore1763900000000,
  GENESIS_HASH,
  LocalKeyWrapper,
  PersonalDataVault,
  SubjectKeys1763900000300,
  type NewEvent,
} from '@cp/event-store';
import { drive, freshDatabase, percentile, rawInsertRate, samplePayload, type Result } from './lib';

function event(personal = false): NewEvent {
  const data = samplePayload();
  if (personal) {
    // What a contact's event holds: a name, a phone and a paragraph, each sealed.
    Object.assign(data, {
      personal: {
        name: 'Nguyễn Thị Minh Anh',
        phone: '0912 345 678',
        notes: 'Hàng xóm nghe tiếng trẻ khóc và tiếng đánh nhiều tối liền; cháu đi học với vết bầm trên tay.',
      },
    });
  }
  return {
    eventId: randomUUID(),
    type: 'BenchmarkRecorded',
    data,
    metadata: {
      actorId: 'bench',
      roles: ['commune_worker'],
      unit: '00004',
      correlationId: randomUUID(),
      causationId: null,
      commandId: null,
    },
    occurredAt: new Date().toISOString(),
  };
}

/**
 * Appends of one event with its expected version and one outbox row, as a command handler does after
 * loading the stream (so it knows the head hash), compared with raw single-row INSERTs in the same run.
 */
export async function eventStoreBenchmarks(opts: { total: number; rounds: number }): Promise<Result[]> {
  const db = await freshDatabase('es');
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: [EventStore1763900000000, SubjectKeys1763900000300],
    extra: { max: 16 },
  });
  await ds.initialize();
  await ds.runMigrations();
  const store = new EventStore(ds);
  // The same store sealing three personal fields per event under the stream's subject key (rule 11).
  const sealing = new EventStore(
    ds,
    new PersonalDataVault(new LocalKeyWrapper([{ kid: 'bench', key: randomBytes(32) }]), randomBytes(32)),
  );
  sealing.usePersonalDataPolicy((streamId) =>
    ['name', 'phone', 'notes'].map((f) => ({ path: ['personal', f], subject: `child:${streamId}` })),
  );
  try {
    // Warm-up of both paths.
    await rawInsertRate(db.url, 16, 500);
    const heads = new Map<string, { version: number; hash: string }>();
    const appendOnce = async (w: number): Promise<void> => {
      const streamId = `bench-${w}`;
      const head = heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
      const e = event();
      const r = await store.append(streamId, [e], {
        expectedVersion: head.version,
        expectedHeadHash: head.hash,
        streamType: 'bench',
        outbox: [{ eventId: e.eventId, topic: 'bench', key: streamId, payload: e.data }],
      });
      heads.set(streamId, { version: r.version, hash: r.events[0].hash });
    };
    await drive(16, 500, appendOnce);
    const sealedHeads = new Map<string, { version: number; hash: string }>();
    const appendSealedOnce = async (w: number): Promise<void> => {
      const streamId = `sealed-${w}`;
      const head = sealedHeads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
      const e = event(true);
      const r = await sealing.append(streamId, [e], {
        expectedVersion: head.version,
        expectedHeadHash: head.hash,
        streamType: 'bench',
        outbox: [{ eventId: e.eventId, topic: 'bench', key: streamId, payload: samplePayload() }],
      });
      sealedHeads.set(streamId, { version: r.version, hash: r.events[0].hash });
    };
    await drive(16, 500, appendSealedOnce);

    // The floor of any transactional outbox: one event row and one outbox row in one plain statement,
    // no hash chain, no guard beyond the version. It shows how much of the gap to raw inserts is the
    // second row itself on this machine, rather than the event store's own work.
    const floor: number[] = [];
    const floorPool = new Pool({ connectionString: db.url, max: 16 });
    await floorPool.query(`CREATE TABLE bench_ev (LIKE es_events INCLUDING ALL)`);
    await floorPool.query(`CREATE TABLE bench_ob (LIKE es_outbox INCLUDING ALL)`);
    const floorVersions = new Array<number>(16).fill(0);
    const floorOnce = async (w: number): Promise<void> => {
      const v = ++floorVersions[w];
      const e = event();
      await floorPool.query({
        name: 'bench_floor',
        text: `WITH e AS (
                 INSERT INTO bench_ev (stream_id, stream_type, stream_version, event_id, type, data, metadata, occurred_at, previous_hash, hash)
                 VALUES ($1, 'bench', $2, $3, $4, $5, $6, $7, '', '') RETURNING event_id)
               INSERT INTO bench_ob (event_id, topic, message_key, payload) SELECT event_id, 'bench', $1, $5 FROM e`,
        values: [
          `floor-${w}`,
          v,
          e.eventId,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          e.occurredAt,
        ],
      });
    };
    await drive(16, 200, floorOnce);

    // Alternate the measurements so drift on a shared machine hits all of them alike; keep the medians.
    const raw: number[] = [];
    const appends: number[] = [];
    const sealedAppends: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      raw.push(await rawInsertRate(db.url, 16, opts.total));
      appends.push((await drive(16, opts.total, appendOnce)).perSecond);
      sealedAppends.push((await drive(16, opts.total, appendSealedOnce)).perSecond);
      floor.push((await drive(16, opts.total, floorOnce)).perSecond);
    }
    await floorPool.end();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rawRate = median(raw);
    const appendRate = median(appends);
    const sealedRate = median(sealedAppends);

    // Reading a stream of 20 events back: plain, and sealed (one key query, 60 fields opened).
    for (const [s, id] of [
      [store, 'read-plain'],
      [sealing, 'read-sealed'],
    ] as const) {
      await s.append(
        id,
        Array.from({ length: 20 }, () => event(true)),
        { expectedVersion: 0, streamType: 'bench' },
      );
    }
    const readPlain = await drive(1, 300, () => store.readStream('read-plain').then(() => undefined));
    const readSealed = await drive(1, 300, () => sealing.readStream('read-sealed').then(() => undefined));

    const single = await drive(1, Math.max(1000, opts.total / 2), async () => {
      const streamId = `single-${randomUUID()}`;
      const e = event();
      await store.append(streamId, [e], {
        expectedVersion: 0,
        streamType: 'bench',
        outbox: [{ eventId: e.eventId, topic: 'bench', key: streamId, payload: e.data }],
      });
    });
    return [
      { name: 'postgres.raw_insert.c16.per_s', value: round(rawRate), unit: 'rows/s' },
      { name: 'event-store.append.c16.per_s', value: round(appendRate), unit: 'appends/s' },
      {
        name: 'event-store.append.c16.ratio_to_raw_insert',
        value: round(appendRate / rawRate, 3),
        unit: 'ratio',
      },
      { name: 'event-store.append_sealed.c16.per_s', value: round(sealedRate), unit: 'appends/s' },
      {
        name: 'event-store.append_sealed.c16.ratio_to_raw_insert',
        value: round(sealedRate / rawRate, 3),
        unit: 'ratio',
      },
      {
        name: 'event-store.append_sealed.ratio_to_plain_append',
        value: round(sealedRate / appendRate, 3),
        unit: 'ratio',
      },
      {
        name: 'event-store.read_stream_sealed.p50_ratio_to_plain',
        value: round(percentile(readSealed.latenciesMs, 50) / percentile(readPlain.latenciesMs, 50), 3),
        unit: 'ratio',
      },
      {
        name: 'postgres.event_plus_outbox_row.c16.ratio_to_raw_insert',
        value: round(median(floor) / rawRate, 3),
        unit: 'ratio',
      },
      {
        name: 'event-store.append.c1.p50_ms',
        value: round(percentile(single.latenciesMs, 50), 3),
        unit: 'ms',
      },
      {
        name: 'event-store.append.c1.p99_ms',
        value: round(percentile(single.latenciesMs, 99), 3),
        unit: 'ms',
      },
    ];
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
