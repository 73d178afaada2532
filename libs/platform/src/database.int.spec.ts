import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EventStore, LocalKeyWrapper, PersonalDataVault, type NewEvent } from '@cp/event-store';
import { createTestDatabase, uniqueName, workerEventMetadata } from '@cp/testing';
import { openDatabase } from './database';

// The two roles of a service database against a real PostgreSQL (docs/audit-integrity.md, "Database
// roles"): the owner migrates and grants; the service works as the application role, which may insert
// into and read the records of rules 10 and 11 but never update or delete them, by any means it has.

jest.setTimeout(30000);

/** A read model of the kind reporting rebuilds by swapping tables, and an append-only table of its own. */
class ReadModels1763900009900 implements MigrationInterface {
  name = 'ReadModels1763900009900';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_swapped (id bigserial PRIMARY KEY, v text)`);
    await q.query(`CREATE TABLE rm_evidence (id bigserial PRIMARY KEY, v text)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rm_evidence`);
    await q.query(`DROP TABLE rm_swapped`);
  }
}

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;
const access = () => ({
  url: db.appUrl,
  migrationUrl: db.url,
  appendOnly: ['rm_evidence'],
  applicationOwned: ['rm_swapped'],
});

beforeAll(async () => {
  db = await createTestDatabase('database_roles');
  ds = await openDatabase(access(), [ReadModels1763900009900], 5);
  store = new EventStore(
    ds,
    new PersonalDataVault(new LocalKeyWrapper([{ kid: 'k1', key: randomBytes(32) }]), randomBytes(32)),
  );
  store.usePersonalDataPolicy((stream, e) =>
    e.type === 'Noted' ? [{ path: ['name'], subject: `child:${stream}` }] : [],
  );
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const ev = (type: string, data: unknown): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: workerEventMetadata(),
  occurredAt: '2026-01-01T08:00:00.000Z',
});

/** The error PostgreSQL answers a statement run as the application role with (undefined: it ran). */
async function refusal(
  sql: string,
  params: unknown[] = [],
): Promise<{ code?: string; message: string } | undefined> {
  try {
    await ds.query(sql, params);
    return undefined;
  } catch (err) {
    return err as { code?: string; message: string };
  }
}

it('connects as the application role, which owns nothing and is no superuser', async () => {
  const [who] = await ds.query(
    `SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su,
            (SELECT tableowner FROM pg_tables WHERE tablename = 'es_events') AS owner`,
  );
  expect(who).toEqual({ u: 'cp_app', su: false, owner: 'postgres' });
});

it('lets the application append and read events, never update, delete or truncate them', async () => {
  const stream = uniqueName('case');
  await store.append(stream, [ev('Noted', { name: 'Lò Thị Hoa' })], {
    expectedVersion: 0,
    streamType: 'case',
  });
  expect((await store.readStream(stream))[0].data).toEqual({ name: 'Lò Thị Hoa' });
  for (const statement of [
    `UPDATE es_events SET data = '{}' WHERE stream_id = $1`,
    `DELETE FROM es_events WHERE stream_id = $1`,
  ]) {
    expect(await refusal(statement, [stream])).toMatchObject({
      code: '42501',
      message: expect.stringContaining('permission denied for table es_events'),
    });
  }
  expect(await refusal(`TRUNCATE es_events`)).toMatchObject({ code: '42501' });
  expect(await store.verifyStream(stream)).toMatchObject({ ok: true, events: 1 });
});

it('gives the application no way around it: no session setting, no trigger switch, no replication role', async () => {
  const stream = uniqueName('case');
  await store.append(stream, [ev('Noted', { name: 'x' })], { expectedVersion: 0, streamType: 'case' });
  const bypass = await store
    .transaction(async (sql) => {
      await sql.query(`SET LOCAL cp.allow_event_rewrite = 'on'`);
      await sql.query(`UPDATE es_events SET data = '{}' WHERE stream_id = $1`, [stream]);
    })
    .catch((err: { code?: string }) => err);
  expect(bypass).toMatchObject({ code: '42501' });
  expect(await refusal(`ALTER TABLE es_events DISABLE TRIGGER USER`)).toMatchObject({
    code: '42501',
    message: expect.stringContaining('must be owner of table es_events'),
  });
  expect(await refusal(`SET session_replication_role = replica`)).toMatchObject({ code: '42501' });
  expect(await refusal(`SET ROLE postgres`)).toMatchObject({ code: '42501' });
  expect(await refusal(`SELECT * FROM typeorm_migrations`)).toMatchObject({ code: '42501' });
  expect(await store.verifyStream(stream)).toMatchObject({ ok: true });
});

it('lets the application change subject keys and checkpoints only as an erasure and by appending', async () => {
  const stream = uniqueName('case');
  await store.append(stream, [ev('Noted', { name: 'Giàng A Páo' })], {
    expectedVersion: 0,
    streamType: 'case',
  });
  for (const statement of [
    `UPDATE pd_subject_keys SET wrapped_key = NULL, erased_at = now(), erasure_id = gen_random_uuid()`,
    `DELETE FROM pd_subject_keys`,
    `UPDATE es_checkpoints SET digest = digest`,
    `DELETE FROM es_checkpoints`,
  ]) {
    expect(await refusal(statement)).toMatchObject({ code: '42501' });
  }
  // The erasure function destroys a key only with an erasure event in the store…
  expect(
    await refusal(`SELECT * FROM pd_erase_subject_keys($1, $2, now())`, [[`child:${stream}`], randomUUID()]),
  ).toMatchObject({ code: '42501', message: expect.stringContaining('no PersonalDataErased event') });
  // …which appending the event provides: the key is destroyed and the field reads [erased].
  await store.append(
    stream,
    [
      ev('PersonalDataErased', {
        erasureId: randomUUID(),
        erasedAt: new Date().toISOString(),
        subjects: [`child:${stream}`],
      }),
    ],
    { expectedVersion: 1, streamType: 'case' },
  );
  expect((await store.readStream(stream))[0].data).toEqual({ name: '[erased]' });
  expect(await store.verifyStream(stream)).toMatchObject({ ok: true, events: 2 });
});

it("owns the read models it rebuilds and may only append to its evidence; the owner's grants are idempotent", async () => {
  await ds.query(`INSERT INTO rm_swapped (v) VALUES ('a')`);
  await ds.query(`CREATE TABLE rm_swapped__shadow (LIKE rm_swapped INCLUDING ALL)`);
  await ds.query(`ALTER TABLE rm_swapped RENAME TO rm_swapped__old`);
  await ds.query(`ALTER TABLE rm_swapped__shadow RENAME TO rm_swapped`);
  await ds.query(`DROP TABLE rm_swapped__old CASCADE`);
  await ds.query(`INSERT INTO rm_evidence (v) VALUES ('kept')`);
  expect(await refusal(`UPDATE rm_evidence SET v = 'changed'`)).toMatchObject({ code: '42501' });
  expect(await refusal(`DELETE FROM rm_evidence`)).toMatchObject({ code: '42501' });
  // Another instance starting: the migrations are done, the grants run again and change nothing.
  const again = await openDatabase(access(), [ReadModels1763900009900], 2);
  try {
    expect(await again.query(`SELECT v FROM rm_evidence`)).toEqual([{ v: 'kept' }]);
  } finally {
    await again.destroy();
  }
});

it('leaves tampering to whoever holds the owner role, as an attacker with database access would', async () => {
  const stream = uniqueName('case');
  await store.append(stream, [ev('Noted', { name: 'x' })], { expectedVersion: 0, streamType: 'case' });
  const owner = new Client({ connectionString: db.url });
  await owner.connect();
  try {
    await owner.query('BEGIN');
    await owner.query(`ALTER TABLE es_events DISABLE TRIGGER USER`);
    await owner.query(
      `UPDATE es_events SET metadata = jsonb_set(metadata, '{actorId}', '"w-2"') WHERE stream_id = $1`,
      [stream],
    );
    await owner.query(`ALTER TABLE es_events ENABLE TRIGGER USER`);
    await owner.query('COMMIT');
  } finally {
    await owner.end();
  }
  expect(await store.verifyStream(stream)).toMatchObject({
    ok: false,
    firstBroken: { streamVersion: 1, reason: 'hash_mismatch' },
  });
});

it('cuts a statement of the service after its time limit, but migrates without one', async () => {
  const limited = await createTestDatabase('database_timeout');
  const slowMigration = class SlowMigration1763900009901 implements MigrationInterface {
    name = 'SlowMigration1763900009901';
    async up(q: QueryRunner): Promise<void> {
      await q.query(`SELECT pg_sleep(0.5)`);
      await q.query(`CREATE TABLE rm_slow (id int)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE rm_slow`);
    }
  };
  const pool = await openDatabase(
    { url: limited.appUrl, migrationUrl: limited.url, applicationOwned: ['rm_slow'] },
    [slowMigration],
    2,
    200,
  );
  try {
    expect(await pool.query(`SELECT count(*)::int AS n FROM rm_slow`)).toEqual([{ n: 0 }]);
    await expect(pool.query(`SELECT pg_sleep(2)`)).rejects.toMatchObject({ driverError: { code: '57014' } });
    // The pool is fine afterwards.
    expect(await pool.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  } finally {
    await pool.destroy();
    await limited.drop();
  }
});
