import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DomainError, ERASED, replaceAtPath, type PersonalFieldPath } from '@cp/contracts';
import type { NewEvent } from './types';

/**
 * The event that erases personal data, whatever the stream: appending it destroys the keys of the
 * subjects it names in the same transaction (the services' `PersonalDataErased`). A destroyed key reads
 * `[erased]` only when such an event names its erasure.
 */
export const ERASURE_EVENT = 'PersonalDataErased';

/** Why a subject key cannot open what was sealed under it, when no erasure explains it. */
export type SubjectKeyProblem = 'subject_key_missing' | 'subject_key_destroyed' | 'subject_key_altered';

const PROBLEM_SENTENCE: Record<SubjectKeyProblem, string> = {
  subject_key_missing: 'its key is no longer in the database',
  subject_key_destroyed: 'its key was destroyed without an erasure recorded in the event store',
  subject_key_altered: 'its key no longer opens it (the stored key or the sealed value was altered)',
};

/**
 * A sealed field cannot be opened and no erasure explains it: someone changed the key table or the
 * sealed value behind the application's back (event-sourcing rules 10 and 11). The record is not shown
 * as erased: the read fails, naming the data subject, and the integrity endpoints report it.
 */
export class RecordTampered extends DomainError {
  constructor(
    readonly subject: string,
    readonly generation: number,
    readonly reason: SubjectKeyProblem,
  ) {
    super(
      'INTEGRITY.RECORD_TAMPERED',
      `The personal data of ${subject} (key generation ${generation}) cannot be opened: ` +
        `${PROBLEM_SENTENCE[reason]} (${reason}). The record was tampered with; report it to the inspectorate.`,
      'conflict',
      { subject, generation, reason },
    );
    this.name = 'RecordTampered';
  }
}

/**
 * Personal data at rest (event-sourcing rule 11, docs/privacy.md). Every personal field of an event is stored
 * sealed: AES-256-GCM under a key of its data subject (a child, a reporter, a case's narrative). Subject
 * keys are random, kept only wrapped by a master key (envelope encryption), one row per subject and
 * generation in `pd_subject_keys`. Erasing a subject destroys its wrapped key: the ciphertext stays, so the
 * hash chain (which covers the stored ciphertext) still verifies, but nothing can read it again.
 */

/** A personal field as stored: its ciphertext and whose key opens it. */
export interface SealedValue {
  $sealed: 'A256GCM';
  /** The data subject, e.g. `child:<ref>`, `reporter:<contact id>`, `case:<case id>`. */
  s: string;
  /** The generation of the subject's key (a new one starts after an erasure). */
  g: number;
  iv: string;
  /** Ciphertext followed by the 16-byte GCM tag, base64. */
  ct: string;
}

export function isSealed(v: unknown): v is SealedValue {
  return (
    v !== null &&
    typeof v === 'object' &&
    (v as { $sealed?: unknown }).$sealed === 'A256GCM' &&
    typeof (v as { s?: unknown }).s === 'string'
  );
}

/**
 * Which fields of an event are personal and whose they are. A path walks object keys; `*` walks every
 * element of an array. Only string values are sealed (codes, booleans and numbers are not personal here).
 */
export type PersonalField = PersonalFieldPath;
export type PersonalDataPolicy = (streamId: string, event: NewEvent) => PersonalField[];

/**
 * Wraps and unwraps subject keys with a master key. The local implementation keeps the master keys in
 * memory (from the environment); a KMS implementation sends the subject key to the KMS's encrypt and
 * decrypt calls instead — the vault does not care which.
 */
export interface KeyWrapper {
  wrap(key: Buffer, context: string): string;
  unwrap(wrapped: string, context: string): Buffer;
}

/** Master keys from the environment: `kid:base64` pairs, the first wraps new keys, all unwrap (rotation). */
export class LocalKeyWrapper implements KeyWrapper {
  private readonly keys: Map<string, KeyObject>;
  private readonly active: string;

  constructor(keys: Array<{ kid: string; key: Buffer }>) {
    if (keys.length === 0) throw new Error('at least one master key is needed');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`master key ${k.kid} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.kid))
        throw new Error(`master key id ${k.kid} is not a simple name`);
    }
    this.keys = new Map(keys.map((k) => [k.kid, createSecretKey(k.key)]));
    this.active = keys[0].kid;
  }

  wrap(key: Buffer, context: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.keys.get(this.active)!, iv);
    c.setAAD(Buffer.from(context));
    const ct = Buffer.concat([c.update(key), c.final(), c.getAuthTag()]);
    return `${this.active}:${iv.toString('base64')}:${ct.toString('base64')}`;
  }

  unwrap(wrapped: string, context: string): Buffer {
    const [kid, iv, ct] = wrapped.split(':');
    const master = this.keys.get(kid);
    if (!master) throw new Error(`subject key wrapped by unknown master key ${kid}`);
    const raw = Buffer.from(ct, 'base64');
    const d = createDecipheriv('aes-256-gcm', master, Buffer.from(iv, 'base64'));
    d.setAAD(Buffer.from(context));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]);
  }
}

/** Anything that can run SQL (the event store's pool or an open transaction). */
interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
  query(query: string, parameters?: unknown[]): Promise<any>;
}

/**
 * Keys are held as KeyObjects: the cipher and HMAC calls convert a raw Buffer key on every call, which on
 * Node.js 24 costs several times the encryption itself (bench/results: blind tokens and seals of a contact).
 */
interface SubjectKey {
  subject: string;
  generation: number;
  key: KeyObject;
}

/**
 * First keys of data subjects that do not exist yet (a new contact's children, reporter and narrative; a
 * new case), made in memory by `newKeys` and stored by the append statement that uses them, in the same
 * statement as the events: a key exists if and only if something was sealed under it. Values sealed with
 * them before the append (a read model's copy) use the same keys.
 */
export interface NewSubjectKeys {
  readonly keys: ReadonlyMap<string, { key: KeyObject; wrapped: string }>;
}

/**
 * Keys of the subjects a batch of sealed values needs, fetched in one query, by `s|g`: the key, `erased`
 * (destroyed by a recorded erasure), or what is wrong with it. A pair absent from the ring has no key row.
 */
type KeyRing = Map<string, KeyObject | 'erased' | SubjectKeyProblem>;

/** How many subject keys a process keeps in memory for sealing (least recently used go first). */
const RECENT_KEYS = 10_000;

export class PersonalDataVault {
  private readonly indexKey: KeyObject;
  /** Current keys used lately, by subject, in order of use. Never used to open: reads always ask. */
  private readonly recentKeys = new Map<string, SubjectKey>();

  constructor(
    private readonly wrapper: KeyWrapper,
    /** Secret of the blind index (keyed digests of searchable words). */
    indexSecret: Buffer,
  ) {
    this.indexKey = createSecretKey(
      Buffer.from(hkdfSync('sha256', indexSecret, Buffer.alloc(0), 'cp-blind-index-v1', 32)),
    );
  }

  /**
   * Seals the policy's fields of each event (copies are returned; the events given are not modified).
   * Keys this process used lately are taken from memory, without a query: `used` lists every key used so
   * that the append statement can refuse the events if one of them was erased meanwhile (see
   * `EventStore.append`), after which the vault forgets it and the append seals again.
   */
  async sealEvents(
    streamId: string,
    events: NewEvent[],
    policy: PersonalDataPolicy,
    sql: Sql,
    fresh?: NewSubjectKeys,
  ): Promise<{ events: NewEvent[]; used: Array<{ subject: string; generation: number }> }> {
    const planned = events.map((e) => ({ e, fields: policy(streamId, e) }));
    const subjects = [...new Set(planned.flatMap((p) => p.fields.map((f) => f.subject)))];
    if (subjects.length === 0) return { events, used: [] };
    const keys = await this.keysFor(subjects, sql, fresh);
    const sealed = planned.map(({ e, fields }) => {
      if (fields.length === 0) return e;
      const data: unknown = structuredClone(e.data);
      for (const f of fields) {
        const k = keys.get(f.subject)!;
        replaceAtPath(data, f.path, (v) => (typeof v === 'string' ? seal(k, v, `event:${e.eventId}`) : v));
      }
      return { ...e, data };
    });
    return {
      events: sealed,
      // The keys that must already be stored (the new ones are stored by the append itself).
      used: [...keys.values()]
        .filter((k) => !fresh?.keys.has(k.subject))
        .map((k) => ({ subject: k.subject, generation: k.generation })),
    };
  }

  /** First keys for subjects that have none yet, made in memory (see NewSubjectKeys). */
  newKeys(subjects: string[]): NewSubjectKeys {
    return {
      keys: new Map(
        [...new Set(subjects)].map((s) => {
          const key = randomBytes(32);
          return [s, { key: createSecretKey(key), wrapped: this.wrapper.wrap(key, keyContext(s, 1)) }];
        }),
      ),
    };
  }

  /** The new keys were stored with the events that used them: seal with them from now on without asking. */
  stored(fresh: NewSubjectKeys): void {
    for (const [subject, k] of fresh.keys) this.remember({ subject, generation: 1, key: k.key });
  }

  /**
   * Which of these keys can no longer seal: erased (by another process), or not stored at all (created in
   * a transaction that rolled back after this process remembered it).
   */
  async unusableAmong(used: Array<{ subject: string; generation: number }>, sql: Sql): Promise<string[]> {
    const rows: Array<{ subject_id: string }> = await sql.query(
      `SELECT u.s AS subject_id FROM unnest($1::text[], $2::int[]) AS u(s, g)
       LEFT JOIN pd_subject_keys k ON k.subject_id = u.s AND k.generation = u.g
       WHERE k.wrapped_key IS NULL`,
      [used.map((u) => u.subject), used.map((u) => u.generation)],
    );
    return rows.map((r) => r.subject_id);
  }

  /** Drops these subjects' keys from memory: the next seal asks the database. */
  forget(subjects: string[]): void {
    for (const s of subjects) this.recentKeys.delete(s);
  }

  /**
   * The key each subject is sealed with: a new subject's first key (stored by the append), a key this
   * process remembers, or the current key from the database (created there if the subject has none).
   */
  private async keysFor(
    subjects: string[],
    sql: Sql,
    fresh?: NewSubjectKeys,
  ): Promise<Map<string, SubjectKey>> {
    if (subjects.length === 0) return new Map();
    const keys = new Map<string, SubjectKey>();
    for (const s of subjects) {
      const k = fresh?.keys.get(s);
      if (k) keys.set(s, { subject: s, generation: 1, key: k.key });
    }
    const missing = subjects.filter((s) => !keys.has(s) && !this.recentKeys.has(s));
    const fetched = missing.length ? await this.currentKeys(missing, sql) : new Map<string, SubjectKey>();
    for (const s of subjects) {
      if (keys.has(s)) continue;
      const k = fetched.get(s) ?? this.recentKeys.get(s)!;
      this.remember(k);
      keys.set(s, k);
    }
    return keys;
  }

  private remember(k: SubjectKey): void {
    this.recentKeys.delete(k.subject);
    this.recentKeys.set(k.subject, k);
    if (this.recentKeys.size > RECENT_KEYS) {
      this.recentKeys.delete(this.recentKeys.keys().next().value as string);
    }
  }

  /** Seals one value outside an event (a read model's copy), bound to `context`. */
  async sealValues(
    values: Array<{ subject: string; value: string | null | undefined }>,
    context: string,
    sql: Sql,
    fresh?: NewSubjectKeys,
  ): Promise<Array<SealedValue | null>> {
    const subjects = [...new Set(values.filter((v) => v.value).map((v) => v.subject))];
    const keys = await this.keysFor(subjects, sql, fresh);
    return values.map((v) => (v.value ? seal(keys.get(v.subject)!, v.value, context) : null));
  }

  /**
   * Opens every sealed value inside each item's `data` (in place on copies); an erased subject's values
   * read `[erased]`, and a value whose key is missing or altered without an erasure throws
   * `RecordTampered`. `contextOf` gives the context a value was sealed with (the event id for events).
   */
  async open<T extends { data: unknown }>(
    items: T[],
    contextOf: (item: T) => string,
    sql: Sql,
  ): Promise<T[]> {
    // Where each sealed value sits, so it is replaced in place: the items' data are fresh from the
    // database (rows just parsed), and copying every object of a long stream cost more than decrypting.
    const found: Array<{
      item: number;
      parent: Record<string | number, unknown>;
      key: string | number;
      sealed: SealedValue;
    }> = [];
    items.forEach((it, i) =>
      collect(it.data, (parent, key, sealed) => found.push({ item: i, parent, key, sealed })),
    );
    if (found.length === 0) return items;
    const ring = await this.keyRing(
      found.map((f) => f.sealed),
      sql,
    );
    for (const f of found) f.parent[f.key] = openOne(ring, f.sealed, contextOf(items[f.item]));
    return items;
  }

  /** Opens loose sealed values (null stays null), each with its context. */
  async openValues(
    values: Array<{ value: unknown; context: string }>,
    sql: Sql,
  ): Promise<Array<string | null>> {
    const sealed = values.map((v) => v.value).filter(isSealed);
    const ring = sealed.length ? await this.keyRing(sealed, sql) : new Map();
    return values.map((v) =>
      isSealed(v.value) ? openOne(ring, v.value, v.context) : typeof v.value === 'string' ? v.value : null,
    );
  }

  /**
   * Destroys the current keys of these subjects (erasure). Returns the subject keys destroyed; the rows
   * stay, with when and by which erasure, so the erasure itself can be shown.
   */
  async erase(
    subjects: string[],
    erasure: { id: string; at: string },
    sql: Sql,
  ): Promise<Array<{ subject: string; generation: number }>> {
    if (subjects.length === 0) return [];
    this.forget(subjects);
    // The application's role may not update the key table: the function (owned by the migrations' role)
    // destroys only keys an erasure event in the store names, and only by setting the erasure columns.
    const rows: Array<{ subject_id: string; generation: number }> = await sql.query(
      `SELECT subject_id, generation FROM pd_erase_subject_keys($1::text[], $3::uuid, $2::timestamptz)`,
      [subjects, erasure.at, erasure.id],
    );
    return rows.map((r) => ({ subject: r.subject_id, generation: Number(r.generation) }));
  }

  /**
   * Keyed digests of the words of a text (folded by the caller), for searching without storing the
   * words: the same word always gives the same digest, and nobody without the index secret can tell
   * which word a digest stands for.
   */
  blindTokens(foldedText: string): string[] {
    const words = foldedText
      .split(/[^\p{L}\p{N}]+/u)
      .map((w) => w.trim())
      .filter((w) => w.length > 0);
    return [...new Set(words.map((w) => this.blindToken(w)))];
  }

  blindToken(foldedWord: string): string {
    return createHmac('sha256', this.indexKey).update(foldedWord).digest('base64url').slice(0, 22);
  }

  /** The current (not erased) key of each subject, created when a subject has none. */
  private async currentKeys(subjects: string[], sql: Sql): Promise<Map<string, SubjectKey>> {
    const out = new Map<string, SubjectKey>();
    for (let attempt = 0; attempt < 3 && out.size < subjects.length; attempt++) {
      const rows: Array<{ subject_id: string; generation: number; wrapped_key: string | null }> =
        await sql.query(
          `SELECT DISTINCT ON (subject_id) subject_id, generation, wrapped_key FROM pd_subject_keys
         WHERE subject_id = ANY($1) ORDER BY subject_id, generation DESC`,
          [subjects],
        );
      const latest = new Map(rows.map((r) => [r.subject_id, r]));
      const create: Array<{ subject: string; generation: number; wrapped: string }> = [];
      for (const s of subjects) {
        if (out.has(s)) continue;
        const r = latest.get(s);
        if (r?.wrapped_key) {
          const g = Number(r.generation);
          out.set(s, {
            subject: s,
            generation: g,
            key: createSecretKey(this.wrapper.unwrap(r.wrapped_key, keyContext(s, g))),
          });
        } else {
          const g = r ? Number(r.generation) + 1 : 1;
          const key = randomBytes(32);
          create.push({ subject: s, generation: g, wrapped: this.wrapper.wrap(key, keyContext(s, g)) });
          out.set(s, { subject: s, generation: g, key: createSecretKey(key) });
        }
      }
      if (create.length === 0) break;
      const inserted: Array<{ subject_id: string }> = await sql.query(
        `INSERT INTO pd_subject_keys (subject_id, generation, wrapped_key)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
         ON CONFLICT DO NOTHING RETURNING subject_id`,
        [create.map((c) => c.subject), create.map((c) => c.generation), create.map((c) => c.wrapped)],
      );
      // Someone else created the same subject's key at the same moment: use theirs (next round).
      const won = new Set(inserted.map((r) => r.subject_id));
      for (const c of create) if (!won.has(c.subject)) out.delete(c.subject);
    }
    if (out.size < subjects.length) throw new Error('could not obtain the subject keys');
    return out;
  }

  /**
   * Checks that every sealed value among the items still opens, or that its key was destroyed by an
   * erasure the store recorded (rule 11): the first one that does not, by item, with why. Nothing is
   * returned opened.
   */
  async verifySealed(
    items: Array<{ data: unknown; context: string }>,
    sql: Sql,
  ): Promise<{ item: number; subject: string; generation: number; reason: SubjectKeyProblem } | null> {
    const found: Array<{ item: number; sealed: SealedValue }> = [];
    items.forEach((it, i) => collect(it.data, (_p, _k, sealed) => found.push({ item: i, sealed })));
    if (found.length === 0) return null;
    const ring = await this.keyRing(
      found.map((f) => f.sealed),
      sql,
    );
    for (const f of found) {
      try {
        openOne(ring, f.sealed, items[f.item].context);
      } catch (err) {
        if (!(err instanceof RecordTampered)) throw err;
        return { item: f.item, subject: err.subject, generation: err.generation, reason: err.reason };
      }
    }
    return null;
  }

  private async keyRing(sealed: SealedValue[], sql: Sql): Promise<KeyRing> {
    const subjects = [...new Set(sealed.map((s) => s.s))];
    // A destroyed key counts as erased only if an erasure event in the store names it.
    const rows: Array<{
      subject_id: string;
      generation: number;
      wrapped_key: string | null;
      erasure_recorded: boolean;
    }> = await sql.query(
      `SELECT k.subject_id, k.generation, k.wrapped_key,
              k.wrapped_key IS NULL AND k.erasure_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM es_events e
                WHERE e.type = $2 AND e.data->>'erasureId' = k.erasure_id::text AND e.data->'subjects' ? k.subject_id
              ) AS erasure_recorded
       FROM pd_subject_keys k WHERE k.subject_id = ANY($1)`,
      [subjects, ERASURE_EVENT],
    );
    const ring: KeyRing = new Map();
    for (const r of rows) {
      const g = Number(r.generation);
      ring.set(`${r.subject_id}|${g}`, this.keyState(r.subject_id, g, r.wrapped_key, r.erasure_recorded));
    }
    return ring;
  }

  private keyState(
    subject: string,
    generation: number,
    wrapped: string | null,
    erasureRecorded: boolean,
  ): KeyObject | 'erased' | SubjectKeyProblem {
    if (!wrapped) return erasureRecorded ? 'erased' : 'subject_key_destroyed';
    try {
      return createSecretKey(this.wrapper.unwrap(wrapped, keyContext(subject, generation)));
    } catch {
      // The wrapped key does not authenticate under the master key and its context: it was altered or
      // moved from another subject's row.
      return 'subject_key_altered';
    }
  }
}

const keyContext = (subject: string, generation: number) => `cp-subject-key|${subject}|${generation}`;

/**
 * Random 96-bit GCM nonces, drawn from the CSPRNG 4 kB at a time: one call per value costs more than the
 * encryption of a short text. Random nonces are safe well beyond any subject key's use (NIST SP 800-38D
 * §8.3 bounds random 96-bit nonces at 2^32 encryptions per key).
 */
const nonces = { pool: Buffer.alloc(0), at: 0 };
function nonce(): Buffer {
  if (nonces.at + 12 > nonces.pool.length) {
    nonces.pool = randomBytes(4096 - (4096 % 12));
    nonces.at = 0;
  }
  const iv = Buffer.from(nonces.pool.subarray(nonces.at, nonces.at + 12));
  nonces.at += 12;
  return iv;
}

function seal(k: SubjectKey, value: string, context: string): SealedValue {
  const iv = nonce();
  const c = createCipheriv('aes-256-gcm', k.key, iv);
  c.setAAD(Buffer.from(`${k.subject}|${k.generation}|${context}`));
  const ct = Buffer.concat([c.update(value, 'utf8'), c.final(), c.getAuthTag()]);
  return {
    $sealed: 'A256GCM',
    s: k.subject,
    g: k.generation,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
  };
}

function openOne(ring: KeyRing, s: SealedValue, context: string): string {
  const key = ring.get(`${s.s}|${s.g}`);
  // No key row at all is not an erasure (the row of an erased key stays, with its erasure): a restore
  // without its key table, or a deleted row. Either way the record cannot be trusted, and says so.
  if (key === undefined) throw new RecordTampered(s.s, s.g, 'subject_key_missing');
  if (key === 'erased') return ERASED;
  if (typeof key === 'string') throw new RecordTampered(s.s, s.g, key);
  try {
    const raw = Buffer.from(s.ct, 'base64');
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
    d.setAAD(Buffer.from(`${s.s}|${s.g}|${context}`));
    d.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString('utf8');
  } catch {
    // GCM refuses: the value, its context or the key is not what was sealed together.
    throw new RecordTampered(s.s, s.g, 'subject_key_altered');
  }
}

/** Calls `found` with the container and key of every sealed value under `node` (a sealed root is not one). */
function collect(
  node: unknown,
  found: (parent: Record<string | number, unknown>, key: string | number, s: SealedValue) => void,
): void {
  if (node === null || typeof node !== 'object') return;
  const container = node as Record<string | number, unknown>;
  for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
    const v = container[key];
    if (v === null || typeof v !== 'object') continue;
    if (isSealed(v)) found(container, key, v);
    else collect(v, found);
  }
}

/**
 * One row per subject and key generation. `wrapped_key` is NULL once erased; the row stays with when and
 * by which erasure, so "was this erased, and how" stays answerable after the data is gone.
 */
export class SubjectKeys1763900000300 implements MigrationInterface {
  name = 'SubjectKeys1763900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pd_subject_keys (
        subject_id text NOT NULL,
        generation integer NOT NULL CHECK (generation > 0),
        wrapped_key text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        erased_at timestamptz,
        erasure_id uuid,
        PRIMARY KEY (subject_id, generation),
        CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pd_subject_keys`);
  }
}
