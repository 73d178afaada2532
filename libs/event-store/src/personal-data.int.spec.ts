import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EVENT_STORE_MIGRATIONS, createTestDatabase, uniqueName } from '@cp/testing';
import { handleCommand } from './command-handler';
import { ConcurrencyError } from './errors';
import { EventStore, SubjectKeyExists } from './event-store';
import {
  LocalKeyWrapper,
  PersonalDataVault,
  RecordTampered,
  isSealed,
  type PersonalDataPolicy,
} from './personal-data';
import type { NewEvent } from './types';

jest.setTimeout(30000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
const master = { kid: 'k1', key: randomBytes(32) };
const indexSecret = randomBytes(32);
let vault: PersonalDataVault;
let store: EventStore;

/** The child's name is the child's; the notes are the record's narrative. */
const policy: PersonalDataPolicy = (streamId, e) =>
  e.type === 'Recorded'
    ? [
        { path: ['children', '*', 'name'], subject: `child:${streamId}` },
        { path: ['notes'], subject: `record:${streamId}` },
      ]
    : [];

beforeAll(async () => {
  db = await createTestDatabase('personal_data');
  ds = await db.migrated(EVENT_STORE_MIGRATIONS);
  vault = new PersonalDataVault(new LocalKeyWrapper([master]), indexSecret);
  store = new EventStore(ds, vault);
  store.usePersonalDataPolicy(policy);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

const recorded = (name: string, notes: string): NewEvent => ({
  eventId: randomUUID(),
  type: 'Recorded',
  data: {
    children: [
      { name, age: 9 },
      { name: null, age: 4 },
    ],
    notes,
    concern: 'violence',
  },
  metadata: {
    actorId: 'c-1',
    roles: ['hotline_counsellor'],
    unit: 'VN',
    correlationId: randomUUID(),
    causationId: null,
    commandId: null,
  },
  occurredAt: new Date().toISOString(),
});

/** The event that erases subjects (appending it destroys their keys, in the same transaction). */
const erasureOf = (subjects: string[]): NewEvent => ({
  ...recorded('', ''),
  type: 'PersonalDataErased',
  data: { erasureId: randomUUID(), erasedAt: new Date().toISOString(), subjects },
});

/**
 * What someone with the owner's access to the database can do behind the application's back: switch the
 * key table's guard off for one statement and change it.
 */
async function asOwner(statement: string, params: unknown[]): Promise<void> {
  await ds.transaction(async (sql) => {
    await sql.query(`ALTER TABLE pd_subject_keys DISABLE TRIGGER USER`);
    await sql.query(statement, params);
    await sql.query(`ALTER TABLE pd_subject_keys ENABLE TRIGGER USER`);
  });
}

const storedData = async (streamId: string): Promise<string> =>
  (await ds.query(`SELECT data::text AS d FROM es_events WHERE stream_id = $1`, [streamId]))
    .map((r: { d: string }) => r.d)
    .join('\n');

it('stores personal fields sealed, reads them back opened, and the chain covers the sealed form', async () => {
  const id = uniqueName('rec');
  await store.append(id, [recorded('Lò Văn Páo', 'bị bỏ đói')], { expectedVersion: 0, streamType: 'rec' });
  const stored = await storedData(id);
  expect(stored).not.toContain('Páo');
  expect(stored).not.toContain('bỏ đói');
  expect(stored).toContain('"violence"'); // codes stay readable
  const [row] = await ds.query(`SELECT data FROM es_events WHERE stream_id = $1`, [id]);
  expect(isSealed(row.data.children[0].name)).toBe(true);
  expect(row.data.children[1].name).toBeNull(); // nothing to seal
  const [e] = await store.readStream(id);
  expect(e.data).toEqual({
    children: [
      { name: 'Lò Văn Páo', age: 9 },
      { name: null, age: 4 },
    ],
    notes: 'bị bỏ đói',
    concern: 'violence',
  });
  expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 1 });
});

it('erases a subject: its fields read [erased], the others stay, the chain still verifies', async () => {
  const id = uniqueName('rec');
  await store.append(id, [recorded('Giàng Thị Mỷ', 'ở với bà')], { expectedVersion: 0, streamType: 'rec' });
  const erasure = erasureOf([`child:${id}`]);
  await store.append(id, [erasure], { expectedVersion: 1, streamType: 'rec' });
  const { erasureId, erasedAt } = erasure.data as { erasureId: string; erasedAt: string };
  const [e] = await store.readStream(id);
  expect(e.data).toMatchObject({ children: [{ name: '[erased]' }, { name: null }], notes: 'ở với bà' });
  expect(await store.verifyStream(id)).toMatchObject({ ok: true });
  // Destroying again destroys nothing; new data for the subject gets a new key generation.
  expect(await vault.erase([`child:${id}`], { id: erasureId, at: erasedAt }, store.sql)).toEqual([]);
  await store.append(id, [recorded('Giàng Thị Mỷ', 'lần hai')], { expectedVersion: 2, streamType: 'rec' });
  const [, , second] = await store.readStream(id);
  expect(second.data).toMatchObject({ children: [{ name: 'Giàng Thị Mỷ' }, { name: null }] });
  const [row] = await ds.query(`SELECT data FROM es_events WHERE stream_id = $1 AND stream_version = 3`, [
    id,
  ]);
  expect(row.data.children[0].name.g).toBe(2);
});

it('refuses a ciphertext moved to another event or altered (authenticated encryption)', async () => {
  const a = uniqueName('rec');
  await store.append(a, [recorded('Hà Văn Tú', 'x')], { expectedVersion: 0, streamType: 'rec' });
  const [row] = await ds.query(`SELECT event_id, data FROM es_events WHERE stream_id = $1`, [a]);
  const sealed = row.data.notes;
  // The same sealed value presented as another event's: the context does not match.
  await expect(
    vault.openValues([{ value: sealed, context: `event:${randomUUID()}` }], store.sql),
  ).rejects.toThrow();
  const flipped = {
    ...sealed,
    ct: Buffer.from(Buffer.from(sealed.ct, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64'),
  };
  await expect(
    vault.openValues([{ value: flipped, context: `event:${row.event_id}` }], store.sql),
  ).rejects.toThrow();
  expect(await vault.openValues([{ value: sealed, context: `event:${row.event_id}` }], store.sql)).toEqual([
    'x',
  ]);
});

it('opens keys wrapped by an older master key after a rotation, and wraps new ones with the new key', async () => {
  const id = uniqueName('rec');
  await store.append(id, [recorded('Vàng A Dính', 'y')], { expectedVersion: 0, streamType: 'rec' });
  const rotated = new PersonalDataVault(
    new LocalKeyWrapper([{ kid: 'k2', key: randomBytes(32) }, master]),
    indexSecret,
  );
  const after = new EventStore(ds, rotated);
  after.usePersonalDataPolicy(policy);
  expect((await after.readStream(id))[0].data).toMatchObject({
    children: [{ name: 'Vàng A Dính' }, { name: null }],
  });
  const other = uniqueName('rec');
  await after.append(other, [recorded('Sùng Thị Say', 'z')], { expectedVersion: 0, streamType: 'rec' });
  const keys: Array<{ wrapped_key: string }> = await ds.query(
    `SELECT wrapped_key FROM pd_subject_keys WHERE subject_id = $1`,
    [`child:${other}`],
  );
  expect(keys[0].wrapped_key.startsWith('k2:')).toBe(true);
  // Without the master key, nothing opens.
  const stranger = new EventStore(
    ds,
    new PersonalDataVault(new LocalKeyWrapper([{ kid: 'k1', key: randomBytes(32) }]), indexSecret),
  );
  await expect(stranger.readStream(id)).rejects.toThrow();
});

it('gives every subject exactly one key when many writers create it at once', async () => {
  const subject = `child:${uniqueName('race')}`;
  const sealed = await Promise.all(
    Array.from({ length: 8 }, () => vault.sealValues([{ subject, value: 'same child' }], 'ctx', store.sql)),
  );
  const keys = await ds.query(`SELECT generation FROM pd_subject_keys WHERE subject_id = $1`, [subject]);
  expect(keys).toHaveLength(1);
  const opened = await vault.openValues(
    sealed.map(([v]) => ({ value: v, context: 'ctx' })),
    store.sql,
  );
  expect(opened).toEqual(Array(8).fill('same child'));
});

it('digests words for the blind index: same word same digest, keyed, no word in clear', () => {
  const t = vault.blindTokens('nguyen van an  an');
  expect(t).toHaveLength(3);
  expect(vault.blindTokens('an')).toEqual([vault.blindToken('an')]);
  expect(t.join(' ')).not.toMatch(/nguyen|van/);
  const otherKey = new PersonalDataVault(new LocalKeyWrapper([master]), randomBytes(32));
  expect(otherKey.blindToken('an')).not.toBe(vault.blindToken('an'));
});

it('seals with a key it remembers, and seals again when another process erased that key meanwhile', async () => {
  const id = uniqueName('rec');
  // Two instances of a service over one database: each remembers the keys it used.
  const other = new EventStore(ds, new PersonalDataVault(new LocalKeyWrapper([master]), indexSecret));
  other.usePersonalDataPolicy(policy);
  await store.append(id, [recorded('Mùa A Sử', 'một')], { expectedVersion: 0, streamType: 'rec' });
  // The other instance erases this subject, with its erasure event on the stream.
  await other.append(id, [erasureOf([`child:${id}`])], { expectedVersion: 1, streamType: 'rec' });
  const queries = jest.spyOn(store.sql, 'query');
  await store.append(id, [recorded('Mùa A Sử', 'hai')], { expectedVersion: 2, streamType: 'rec' });
  // Refused once by the key check, then sealed again under a new generation: nothing lost.
  const statements = queries.mock.calls.map(([text]) => String(text));
  queries.mockRestore();
  expect(statements.filter((t) => t.includes('INSERT INTO es_events'))).toHaveLength(2);
  expect(statements.filter((t) => t.includes('SELECT u.s AS subject_id'))).toHaveLength(1);
  const [first, , second] = await store.readStream(id);
  expect(first.data).toMatchObject({ children: [{ name: '[erased]' }, { name: null }], notes: 'một' });
  expect(second.data).toMatchObject({ children: [{ name: 'Mùa A Sử' }, { name: null }], notes: 'hai' });
  const [row] = await ds.query(`SELECT data FROM es_events WHERE stream_id = $1 AND stream_version = 3`, [
    id,
  ]);
  expect(row.data.children[0].name.g).toBe(2);
  expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 3 });
});

it('never seals under a key remembered from a transaction that rolled back', async () => {
  const id = uniqueName('rec');
  // The first attempt creates the subjects' keys inside a transaction that then fails (a consumer's batch):
  // the rows are gone, but this process remembers the keys.
  await expect(
    store.transaction(async (sql) => {
      await store.append(id, [recorded('Hờ Thị Mỷ', 'lần một')], {
        expectedVersion: 0,
        streamType: 'rec',
        sql,
      });
      throw new Error('the rest of the batch failed');
    }),
  ).rejects.toThrow('the rest of the batch failed');
  expect(await ds.query(`SELECT 1 FROM pd_subject_keys WHERE subject_id = $1`, [`child:${id}`])).toEqual([]);
  // The retry must not seal under the phantom keys: they would open nothing, ever.
  await store.append(id, [recorded('Hờ Thị Mỷ', 'lần hai')], { expectedVersion: 0, streamType: 'rec' });
  const [event] = await store.readStream(id);
  expect(event.data).toMatchObject({ children: [{ name: 'Hờ Thị Mỷ' }, { name: null }], notes: 'lần hai' });
});

it("stores a new record's first keys in the append statement itself, and nothing before it", async () => {
  const id = uniqueName('rec');
  const fresh = new EventStore(ds, new PersonalDataVault(new LocalKeyWrapper([master]), indexSecret));
  fresh.usePersonalDataPolicy(policy);
  const queries = jest.spyOn(fresh.sql, 'query');
  const newKeys = fresh.vault!.newKeys([`child:${id}`, `record:${id}`]);
  await fresh.append(id, [recorded('Sùng A Páo', 'x')], { expectedVersion: 0, streamType: 'rec', newKeys });
  const statements = queries.mock.calls.map(([text]) => String(text));
  queries.mockRestore();
  expect(statements).toHaveLength(1);
  expect(statements[0]).toContain('INSERT INTO pd_subject_keys');
  const keys = await ds.query(
    `SELECT subject_id, generation FROM pd_subject_keys WHERE subject_id = ANY($1)`,
    [[`child:${id}`, `record:${id}`]],
  );
  expect(keys).toHaveLength(2);
  expect((await store.readStream(id))[0].data).toMatchObject({
    children: [{ name: 'Sùng A Páo' }, { name: null }],
    notes: 'x',
  });
});

it('writes neither events nor keys when an append with new keys is refused', async () => {
  const id = uniqueName('rec');
  const newKeys = store.vault!.newKeys([`child:${id}`, `record:${id}`]);
  await expect(
    store.append(id, [recorded('Vàng Thị Mai', 'x')], { expectedVersion: 3, streamType: 'rec', newKeys }),
  ).rejects.toBeInstanceOf(ConcurrencyError);
  expect(await ds.query(`SELECT 1 FROM pd_subject_keys WHERE subject_id = $1`, [`record:${id}`])).toEqual([]);
  expect(await store.readStream(id)).toEqual([]);
});

it('refuses a subject given as new that has a key already, and the handler seals again with the stored key', async () => {
  const id = uniqueName('rec');
  // A key left by an earlier attempt (an older version created keys before appending).
  await store.vault!.sealValues([{ subject: `record:${id}`, value: 'x' }], 'probe', store.sql);
  const other = new EventStore(ds, new PersonalDataVault(new LocalKeyWrapper([master]), indexSecret));
  other.usePersonalDataPolicy(policy);
  const newKeys = other.vault!.newKeys([`child:${id}`, `record:${id}`]);
  await expect(
    other.append(id, [recorded('Giàng A Lử', 'y')], { expectedVersion: 0, streamType: 'rec', newKeys }),
  ).rejects.toBeInstanceOf(SubjectKeyExists);
  expect(await other.readStream(id)).toEqual([]);
  const decider = {
    initialState: () => ({ n: 0 }),
    evolve: (st: { n: number }) => ({ n: st.n + 1 }),
    decide: () => [{ type: 'Recorded', data: recorded('Giàng A Lử', 'y').data }],
  };
  const metadata = {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'c-1', roles: ['hotline_counsellor' as const], unit: 'VN' },
    now: new Date().toISOString(),
  };
  await handleCommand(
    other,
    decider,
    id,
    { metadata },
    {
      streamType: 'rec',
      expectedVersion: 0,
      newSubjects: [`child:${id}`, `record:${id}`],
      result: () => null,
    },
  );
  expect((await store.readStream(id))[0].data).toMatchObject({
    children: [{ name: 'Giàng A Lử' }, { name: null }],
    notes: 'y',
  });
});

it('asks the database for no key when it seals again for a subject it just used', async () => {
  const id = uniqueName('rec');
  await store.append(id, [recorded('Lầu Thị Dua', 'a')], { expectedVersion: 0, streamType: 'rec' });
  const queries = jest.spyOn(store.sql, 'query');
  await store.append(id, [recorded('Lầu Thị Dua', 'b')], { expectedVersion: 1, streamType: 'rec' });
  const statements = queries.mock.calls.map(([text]) => String(text));
  queries.mockRestore();
  expect(
    statements.filter((t) => t.includes('pd_subject_keys') && !t.includes('INSERT INTO es_events')),
  ).toEqual([]);
  expect(statements.filter((t) => t.includes('INSERT INTO es_events'))).toHaveLength(1); // with its key check
});

it('destroys the keys a PersonalDataErased event names when, and only when, the event is appended', async () => {
  const id = uniqueName('rec');
  await store.append(id, [recorded('Chảo Văn Lở', 'ghi chú')], { expectedVersion: 0, streamType: 'rec' });
  const erasure = (): NewEvent => ({
    ...recorded('', ''),
    type: 'PersonalDataErased',
    data: {
      erasureId: randomUUID(),
      erasedAt: new Date().toISOString(),
      subjects: [`child:${id}`, `record:${id}`],
    },
  });
  // Refused (stale version): nothing is destroyed.
  await expect(store.append(id, [erasure()], { expectedVersion: 0, streamType: 'rec' })).rejects.toThrow();
  expect((await store.readStream(id))[0].data).toMatchObject({ notes: 'ghi chú' });
  const e = erasure();
  await store.append(id, [e], { expectedVersion: 1, streamType: 'rec' });
  const [first] = await store.readStream(id);
  expect(first.data).toMatchObject({ children: [{ name: '[erased]' }, { name: null }], notes: '[erased]' });
  const keys = await ds.query(
    `SELECT subject_id, erasure_id FROM pd_subject_keys WHERE subject_id = ANY($1)`,
    [[`child:${id}`, `record:${id}`]],
  );
  expect(keys.map((k: { erasure_id: string }) => k.erasure_id)).toEqual([
    (e.data as { erasureId: string }).erasureId,
    (e.data as { erasureId: string }).erasureId,
  ]);
  expect(await store.verifyStream(id)).toMatchObject({ ok: true, events: 2 });
});

describe('a subject key changed outside an erasure is tampering, never "[erased]"', () => {
  async function recordedStream(): Promise<{ id: string; eventId: string; globalPosition: string }> {
    const id = uniqueName('rec');
    const r = await store.append(id, [recorded('Thào Thị Dợ', 'bí mật')], {
      expectedVersion: 0,
      streamType: 'rec',
    });
    return { id, eventId: r.events[0].eventId, globalPosition: r.events[0].globalPosition };
  }

  it('a deleted key row: reads fail naming the subject, verification reports subject_key_missing', async () => {
    const { id, eventId, globalPosition } = await recordedStream();
    await asOwner(`DELETE FROM pd_subject_keys WHERE subject_id = $1`, [`child:${id}`]);
    const err = await store.readStream(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordTampered);
    expect(err).toMatchObject({
      code: 'INTEGRITY.RECORD_TAMPERED',
      subject: `child:${id}`,
      reason: 'subject_key_missing',
    });
    expect(await store.verifyStream(id)).toEqual({
      ok: false,
      streamId: id,
      events: 1,
      firstBroken: {
        streamVersion: 1,
        eventId,
        globalPosition,
        reason: 'subject_key_missing',
        subject: `child:${id}`,
      },
    });
  });

  it('a key set to NULL as if erased, without an erasure event: subject_key_destroyed', async () => {
    const { id } = await recordedStream();
    await asOwner(
      `UPDATE pd_subject_keys SET wrapped_key = NULL, erased_at = now(), erasure_id = $2 WHERE subject_id = $1`,
      [`record:${id}`, randomUUID()],
    );
    await expect(store.readStream(id)).rejects.toMatchObject({ reason: 'subject_key_destroyed' });
    expect(await store.verifyStream(id)).toMatchObject({
      ok: false,
      firstBroken: { streamVersion: 1, reason: 'subject_key_destroyed', subject: `record:${id}` },
    });
  });

  it('a wrapped key replaced by another subject’s: it no longer unwraps, subject_key_altered', async () => {
    const { id } = await recordedStream();
    await asOwner(
      `UPDATE pd_subject_keys SET wrapped_key = (SELECT wrapped_key FROM pd_subject_keys WHERE subject_id = $2)
       WHERE subject_id = $1`,
      [`child:${id}`, `record:${id}`],
    );
    await expect(store.readStream(id)).rejects.toMatchObject({ reason: 'subject_key_altered' });
    expect(await store.verifyStream(id)).toMatchObject({
      ok: false,
      firstBroken: { reason: 'subject_key_altered', subject: `child:${id}` },
    });
  });

  it('the key guard refuses to update or delete a key outside an erasure, even to the owner', async () => {
    const { id } = await recordedStream();
    await expect(
      ds.query(`DELETE FROM pd_subject_keys WHERE subject_id = $1`, [`child:${id}`]),
    ).rejects.toThrow(/only destroyed by an erasure/);
    await expect(
      ds.query(`UPDATE pd_subject_keys SET wrapped_key = 'k1:x:y' WHERE subject_id = $1`, [`child:${id}`]),
    ).rejects.toThrow(/only destroyed by an erasure/);
    expect(await store.verifyStream(id)).toMatchObject({ ok: true });
  });

  it('the erasure function destroys only keys an erasure event in the store names', async () => {
    const { id } = await recordedStream();
    const at = new Date().toISOString();
    await expect(vault.erase([`child:${id}`], { id: randomUUID(), at }, store.sql)).rejects.toThrow(
      /no PersonalDataErased event in the store names erasure/,
    );
    // An erasure of another subject does not cover this one.
    const other = erasureOf([`child:${uniqueName('other')}`]);
    await store.append(uniqueName('rec'), [other], { expectedVersion: 0, streamType: 'rec' });
    const { erasureId } = other.data as { erasureId: string };
    await expect(vault.erase([`child:${id}`], { id: erasureId, at }, store.sql)).rejects.toThrow(
      /no PersonalDataErased event/,
    );
    expect((await store.readStream(id))[0].data).toMatchObject({
      children: [{ name: 'Thào Thị Dợ' }, { name: null }],
    });
  });
});
