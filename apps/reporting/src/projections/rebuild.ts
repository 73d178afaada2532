import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { IntegrationEnvelope } from '@cp/contracts';
import type { Sql } from '@cp/event-store';
import { attributeToTopic } from '@cp/platform';
import type { Projection, TableName } from './projection';

export interface RebuildProgress {
  id: string;
  projection: string;
  state: 'copying' | 'swapping' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Messages applied to the shadow tables so far, and how many the topics held when the rebuild began. */
  applied: number;
  target: number;
  eventsPerSecond: number | null;
  error: string | null;
}

/** The progress of a rebuild that has just begun. */
export function startingProgress(id: string, projection: string): RebuildProgress {
  return {
    id,
    projection,
    state: 'copying',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    applied: 0,
    target: 0,
    eventsPerSecond: null,
    error: null,
  };
}

export interface RebuildOptions {
  kafka: Kafka;
  /** Runs `work` in one database transaction. */
  transaction: <T>(work: (sql: Sql) => Promise<T>) => Promise<T>;
  sql: Sql;
  groupPrefix: string;
  /** KAFKA_TOPIC_PREFIX of the topics read: a topic's name without it says who wrote its messages. */
  topicPrefix: string;
  /** Opens a message of a sealed topic (named as on the broker); one that does not open is skipped. */
  open: (topic: string, message: IntegrationEnvelope) => IntegrationEnvelope;
  /** Holds the live consumer back while the tables are swapped (its effects are idempotent). */
  pauseLive: () => Promise<void>;
  resumeLive: () => void;
  onProgress?: (p: RebuildProgress) => void;
}

const shadowOf = (table: string): string => `${table}__shadow`;

/**
 * Rebuilds a read model from offset zero of its topics into shadow tables while the live model keeps
 * serving and following new events; then holds the live consumer for a moment, lets the shadow catch up
 * to the topics' ends, and swaps the tables in one transaction (readers wait for the rename, never fail).
 * The live consumer then resumes on the new tables from its own offsets; events both applied are
 * idempotent per projection.
 */
export async function rebuildProjection(p: Projection, opts: RebuildOptions): Promise<RebuildProgress> {
  const progress = startingProgress(randomUUID(), p.name);
  const report = () => opts.onProgress?.({ ...progress });
  const shadow: TableName = (t) => (p.tables.includes(t) ? shadowOf(t) : t);
  // The shadow is filled without its secondary indexes (building one over a full table is far cheaper
  // than keeping it up row by row); the unique ones stay, the projections' idempotence rests on them.
  const deferred: string[] = [];
  for (const t of p.tables) {
    await opts.sql.query(`DROP TABLE IF EXISTS ${shadowOf(t)}`);
    await opts.sql.query(`CREATE TABLE ${shadowOf(t)} (LIKE ${t} INCLUDING ALL)`);
    for (const ix of await indexesOf(opts.sql, shadowOf(t), false)) {
      deferred.push(ix.definition);
      await opts.sql.query(`DROP INDEX ${ix.name}`);
    }
  }
  const admin = opts.kafka.admin();
  await admin.connect();
  const consumer = opts.kafka.consumer({
    groupId: `${opts.groupPrefix}.reporting.rebuild.${p.name}.${progress.id}`,
    maxWaitTimeInMs: 100,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
  });
  const started = Date.now();
  try {
    let ends = await endOffsets(admin, p.topics);
    progress.target = total(ends);
    report();
    const position = new Map<string, bigint>();
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    await consumer.connect();
    await consumer.subscribe({ topics: [...p.topics], fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: true,
      // Partitions hold different aggregates: their batches fold into different rows, so they may overlap.
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch, heartbeat }) => {
        if (failure) return;
        try {
          const envelopes: IntegrationEnvelope[] = [];
          for (const m of batch.messages) {
            const env = attributed(
              parse(m.value, (e) => opts.open(batch.topic, e)),
              batch.topic,
              opts.topicPrefix,
            );
            if (env) envelopes.push(env);
          }
          await opts.transaction((sql) => p.applyBatch(envelopes, sql, shadow));
          position.set(`${batch.topic}:${batch.partition}`, BigInt(batch.lastOffset()) + 1n);
          progress.applied += batch.messages.length;
          await heartbeat();
        } catch (err) {
          failure = err as Error;
        }
        wake?.();
      },
    });
    const caughtUp = async (): Promise<void> => {
      for (;;) {
        if (failure) throw failure;
        if ([...ends].every(([k, end]) => (position.get(k) ?? 0n) >= end)) return;
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 200);
        });
        report();
      }
    };
    await caughtUp();
    progress.state = 'swapping';
    report();
    // Building an index over a national history may take longer than a service's statement time limit.
    await opts.transaction(async (sql) => {
      await sql.query(`SET LOCAL statement_timeout = 0`);
      for (const definition of deferred) await sql.query(definition);
    });
    await opts.pauseLive();
    try {
      ends = await endOffsets(admin, p.topics);
      await caughtUp();
      await opts.transaction(async (sql) => {
        for (const t of p.tables) {
          await sql.query(`LOCK TABLE ${t} IN ACCESS EXCLUSIVE MODE`);
        }
        for (const t of p.tables) {
          const names = await indexesOf(sql, t);
          await sql.query(`ALTER TABLE ${t} RENAME TO ${t}__old`);
          await sql.query(`ALTER TABLE ${shadowOf(t)} RENAME TO ${t}`);
          // A copied serial column still draws from the old table's sequence: hand it over before the drop.
          const owned: Array<{ seq: string; col: string }> = await sql.query(
            `SELECT s.relname AS seq, a.attname AS col FROM pg_class s
               JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'
               JOIN pg_class o ON o.oid = d.refobjid
               JOIN pg_attribute a ON a.attrelid = o.oid AND a.attnum = d.refobjsubid
             WHERE s.relkind = 'S' AND o.relname = $1`,
            [`${t}__old`],
          );
          for (const x of owned) await sql.query(`ALTER SEQUENCE ${x.seq} OWNED BY ${t}.${x.col}`);
          await sql.query(`DROP TABLE ${t}__old`);
          // The indexes keep the names migrations gave them (a later migration may refer to one by name).
          for (const ix of await indexesOf(sql, t)) {
            const original = names.find((n) => n.shape === ix.shape)?.name;
            if (original && original !== ix.name)
              await sql.query(`ALTER INDEX ${ix.name} RENAME TO ${original}`);
          }
        }
      });
    } finally {
      opts.resumeLive();
    }
    progress.state = 'done';
  } catch (err) {
    progress.state = 'failed';
    progress.error = (err as Error).message;
    for (const t of p.tables)
      await opts.sql.query(`DROP TABLE IF EXISTS ${shadowOf(t)}`).catch(() => undefined);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin
      .deleteGroups([`${opts.groupPrefix}.reporting.rebuild.${p.name}.${progress.id}`])
      .catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    progress.finishedAt = new Date().toISOString();
    const seconds = (Date.now() - started) / 1000;
    progress.eventsPerSecond = seconds > 0 ? Math.round(progress.applied / seconds) : null;
    report();
  }
  return progress;
}

/** A table's indexes (all, or only the unique or non-unique ones), with their definition and shape. */
async function indexesOf(
  sql: Sql,
  table: string,
  unique?: boolean,
): Promise<Array<{ name: string; definition: string; shape: string }>> {
  const rows: Array<{ name: string; definition: string }> = await sql.query(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relname = $1 AND t.relnamespace = 'public'::regnamespace AND ($2::boolean IS NULL OR x.indisunique = $2)
     ORDER BY i.relname`,
    [table, unique ?? null],
  );
  // What the index is, whatever it and its table are called: the part from USING on.
  return rows.map((r) => ({ ...r, shape: r.definition.slice(r.definition.indexOf(' USING ')) }));
}

function parse(
  value: Buffer | null,
  open: (message: IntegrationEnvelope) => IntegrationEnvelope,
): IntegrationEnvelope | null {
  try {
    const raw = JSON.parse(value?.toString('utf8') ?? 'null') as IntegrationEnvelope | null;
    const env = raw && open(raw);
    return env && typeof env.eventId === 'string' && typeof env.type === 'string' ? env : null;
  } catch {
    return null; // the live consumer dead-letters malformed or unopenable messages; a rebuild skips them too
  }
}

/** The envelope with the producer its topic vouches for; none when it claims another (see attributeToTopic). */
function attributed(
  env: IntegrationEnvelope | null,
  topic: string,
  prefix: string,
): IntegrationEnvelope | null {
  if (!env) return null;
  try {
    return attributeToTopic(env, topic, prefix);
  } catch {
    return null; // the live consumer dead-letters such a message; a rebuild skips it the same way
  }
}

async function endOffsets(admin: Admin, topics: readonly string[]): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const o of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${o.partition}`, BigInt(o.high));
  }
  return ends;
}

function total(ends: Map<string, bigint>): number {
  let n = 0n;
  for (const v of ends.values()) n += v;
  return Number(n);
}

export type { Consumer };
