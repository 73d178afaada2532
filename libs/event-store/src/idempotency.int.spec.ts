import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CommandMetadata, Decider } from '@cp/contracts';
import { EVENT_STORE_MIGRATIONS, createTestDatabase, uniqueName } from '@cp/testing';
import { handleCommand } from './command-handler';
import { EventStore } from './event-store';
import { EventStore1763900000000 } from './migrations/1763900000000-event-store';
import { IdempotencyScrub1763900000500 } from './migrations/1763900000500-idempotency-scrub';
import { LocalKeyWrapper, PersonalDataVault } from './personal-data';

/**
 * Idempotency keys keep nothing of the record (a reporter's name, a case's narrative): only the version
 * the command left the stream at, the request's digest and the outcome. A repeat is answered by reading
 * the record again, so an erased field reads `[erased]` in a replay too.
 */
jest.setTimeout(30000);

interface Note {
  text: string;
}
type NoteEvent = { type: 'Noted'; data: { text: string } };
type NoteCommand = { text: string; metadata: CommandMetadata };
const notes: Decider<Note[], NoteCommand, NoteEvent> = {
  initialState: () => [],
  decide: (c) => [{ type: 'Noted', data: { text: c.text } }],
  evolve: (s, e) => [...s, { text: e.data.text }],
};
const command = (text: string): NoteCommand => ({
  text,
  metadata: {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'worker-1', roles: ['commune_worker'], unit: '00004' },
    now: new Date().toISOString(),
  },
});

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('idempotency');
  ds = await db.migrated(EVENT_STORE_MIGRATIONS);
  store = new EventStore(
    ds,
    new PersonalDataVault(new LocalKeyWrapper([{ kid: 't', key: randomBytes(32) }]), randomBytes(32)),
  );
  store.usePersonalDataPolicy((streamId, e) =>
    e.type === 'Noted' ? [{ path: ['text'], subject: `case:${streamId}` }] : [],
  );
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

const opts = (key: string) => ({
  streamType: 'note',
  idempotency: { key, fingerprint: 'same-request' },
  result: (s: Note[], version: number) => ({ version, texts: s.map((n) => n.text) }),
});

it('keeps only the version, the request digest and the outcome with the key', async () => {
  const id = uniqueName('case');
  const key = uniqueName('idem');
  const marker = `Bố say rượu ${randomUUID()}`;
  const first = await handleCommand(store, notes, id, command(marker), { ...opts(key), expectedVersion: 0 });
  expect(first.result).toEqual({ version: 1, texts: [marker] });
  const [row] = await ds.query(`SELECT stream_id, result FROM es_idempotency WHERE idempotency_key = $1`, [
    key,
  ]);
  expect(row).toEqual({
    stream_id: id,
    result: { version: 1, fingerprint: 'same-request', status: 'appended' },
  });
  const everything = JSON.stringify(await ds.query(`SELECT * FROM es_idempotency`));
  expect(everything).not.toContain(marker);
});

it('answers a repeat by reading the record again: after an erasure, the replay reads [erased]', async () => {
  const id = uniqueName('case');
  const key = uniqueName('idem');
  await handleCommand(store, notes, id, command('Mẹ bỏ đi'), { ...opts(key), expectedVersion: 0 });
  await handleCommand(store, notes, id, command('Ông bà nuôi'), {
    ...opts(uniqueName('idem')),
    expectedVersion: 1,
  });
  // An erasure (the keys are destroyed only by appending the event that records it).
  await store.append(
    id,
    [
      {
        eventId: randomUUID(),
        type: 'PersonalDataErased',
        data: { erasureId: randomUUID(), erasedAt: new Date().toISOString(), subjects: [`case:${id}`] },
        metadata: {
          actorId: 'chair-1',
          roles: ['commune_chair'],
          unit: '00004',
          correlationId: randomUUID(),
          causationId: null,
          commandId: null,
        },
        occurredAt: new Date().toISOString(),
      },
    ],
    { expectedVersion: 2, streamType: 'case' },
  );
  const again = await handleCommand(store, notes, id, command('Mẹ bỏ đi'), {
    ...opts(key),
    expectedVersion: 0,
  });
  // The first command's answer, as the record reads now: up to its version, and erased.
  expect(again).toMatchObject({ replayed: true, version: 1, result: { version: 1, texts: ['[erased]'] } });
  expect(await store.streamVersion(id)).toBe(3);
});

it('forgets keys older than the retention period; a repeat after that is a new request', async () => {
  const id = uniqueName('case');
  const key = uniqueName('idem');
  await handleCommand(store, notes, id, command('một'), { ...opts(key), expectedVersion: 0 });
  await ds.query(
    `UPDATE es_idempotency SET created_at = now() - interval '8 days' WHERE idempotency_key = $1`,
    [key],
  );
  expect(await store.purgeIdempotencyKeys(new Date(Date.now() - 7 * 86_400_000))).toBeGreaterThanOrEqual(1);
  expect(await store.findIdempotentResult(key)).toBeUndefined();
  const later = await handleCommand(store, notes, id, command('một'), { ...opts(key), expectedVersion: 1 });
  expect(later).toMatchObject({ replayed: false, version: 2 });
});

it('scrubs the keys written before, rebuilding the table so no old row version stays in its pages', async () => {
  const old = await createTestDatabase('idempotency_old');
  const before = new DataSource({
    type: 'postgres',
    url: old.url,
    migrations: [EventStore1763900000000],
    logging: false,
  });
  try {
    await before.initialize();
    await before.runMigrations();
    const marker = `Nguyễn Văn ${randomUUID()}`;
    await before.query(
      `INSERT INTO es_idempotency (idempotency_key, stream_id, result) VALUES ($1, $2, $3)`,
      [
        'k-1',
        'contact-1',
        JSON.stringify({
          state: { reporter: { name: marker } },
          version: 3,
          result: { name: marker },
          fingerprint: 'f',
        }),
      ],
    );
    const file = async () =>
      (await before.query(`SELECT pg_relation_filepath('es_idempotency') AS f`))[0].f as string;
    const fileBefore = await file();
    await before.destroy();
    const after = new DataSource({
      type: 'postgres',
      url: old.url,
      migrations: [EventStore1763900000000, IdempotencyScrub1763900000500],
      logging: false,
    });
    await after.initialize();
    try {
      await after.runMigrations();
      const rows = await after.query(`SELECT idempotency_key, stream_id, result FROM es_idempotency`);
      expect(rows).toEqual([
        {
          idempotency_key: 'k-1',
          stream_id: 'contact-1',
          result: { version: 3, fingerprint: 'f', status: 'appended' },
        },
      ]);
      // A new file: the old one, with the row version that held the name, is gone from the data directory.
      const [{ f }] = await after.query(`SELECT pg_relation_filepath('es_idempotency') AS f`);
      expect(f).not.toBe(fileBefore);
      // The key's uniqueness (what makes a concurrent duplicate lose) survived the rebuild, under its name.
      await expect(
        after.query(
          `INSERT INTO es_idempotency (idempotency_key, stream_id, result) VALUES ('k-1', 's', '{}')`,
        ),
      ).rejects.toMatchObject({ constraint: 'es_idempotency_pkey' });
    } finally {
      await after.destroy();
    }
  } finally {
    if (before.isInitialized) await before.destroy();
    await old.drop();
  }
});
