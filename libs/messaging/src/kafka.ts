import { Kafka, Partitioners, logLevel, type Admin, type ITopicConfig, type ProducerConfig } from 'kafkajs';
import { deadLetterTopic } from '@cp/contracts';
import type { Logger } from '@cp/observability';
import { kafkaClientAuth, type KafkaSecurity } from './kafka-security';
import { fixKafkajsRequestQueue } from './kafkajs-request-queue';

// Before any client connects (see fixKafkajsRequestQueue).
fixKafkajsRequestQueue();

/** A client that authenticates with `security` (SASL/SCRAM, TLS when configured) to `brokers`. */
export function createKafka(
  brokers: string[],
  clientId: string,
  logger: Logger,
  security: KafkaSecurity,
): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    ...kafkaClientAuth(security),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        if (level <= logLevel.ERROR) log.error(rest, message);
        else if (level === logLevel.WARN) log.warn(rest, message);
        else log.debug(rest, message);
      },
  });
}

export interface TopicSpec {
  topic: string;
  partitions?: number;
  /** Also create `<topic>.dlq` (default true). A service creates only what its ACLs let it create. */
  withDeadLetter?: boolean;
}

export interface TopicDurability {
  /** Copies of every partition (KAFKA_REPLICATION_FACTOR; 1 on a single development broker). */
  replicationFactor?: number;
  /**
   * Copies that must have a write before acks=all succeeds (KAFKA_MIN_INSYNC_REPLICAS); the broker's
   * default when absent. At most the replication factor, or every write would be refused.
   */
  minInsyncReplicas?: number;
}

/**
 * Creates the topics of record (and, unless told otherwise, their dead-letter topics) if missing. Topics
 * of record are kept forever (event-sourcing rule 8) so read models can be rebuilt from offset zero.
 */
export async function ensureTopics(
  admin: Admin,
  specs: TopicSpec[],
  durability: TopicDurability = {},
): Promise<void> {
  const replicationFactor = durability.replicationFactor ?? 1;
  const existing = new Set(await admin.listTopics());
  const wanted: ITopicConfig[] = [];
  for (const s of specs) {
    const topics = s.withDeadLetter === false ? [s.topic] : [s.topic, deadLetterTopic(s.topic)];
    for (const topic of topics) {
      if (existing.has(topic) || wanted.some((w) => w.topic === topic)) continue;
      wanted.push({
        topic,
        numPartitions: s.partitions ?? 3,
        replicationFactor,
        configEntries: [
          { name: 'retention.ms', value: '-1' },
          { name: 'retention.bytes', value: '-1' },
          ...(durability.minInsyncReplicas
            ? [{ name: 'min.insync.replicas', value: String(durability.minInsyncReplicas) }]
            : []),
        ],
      });
    }
  }
  if (wanted.length === 0) return;
  try {
    // kafkajs' own wait for leaders gives up when the broker answering Metadata has not heard of the new
    // topics yet (a busy broker, UNKNOWN_TOPIC_OR_PARTITION): wait here instead, tolerating that.
    await admin.createTopics({ topics: wanted, waitForLeaders: false });
    await waitForLeaders(
      admin,
      wanted.map((w) => w.topic),
    );
  } catch (err) {
    // Another instance may have created them at the same moment.
    if (createErrors(err).every((type) => type === 'TOPIC_ALREADY_EXISTS')) return;
    throw new Error(
      `could not create ${wanted.map((w) => w.topic).join(', ')} (replication factor ${replicationFactor}` +
        `${durability.minInsyncReplicas ? `, min.insync.replicas ${durability.minInsyncReplicas}` : ''}): ` +
        `${kafkaErrorText(err)}`,
      { cause: err },
    );
  }
}

const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/** Resolves once every partition of `topics` has a leader (at most 30 s). */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (!NOT_YET.has((err as { type?: string }).type ?? '') || Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`no leaders for ${topics.join(', ')} after 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The error types of a createTopics failure (kafkajs aggregates one error per topic). */
function createErrors(err: unknown): string[] {
  const e = err as { type?: string; errors?: Array<{ type?: string }> };
  if (Array.isArray(e.errors) && e.errors.length) return e.errors.map((x) => x.type ?? 'UNKNOWN');
  return [e.type ?? 'UNKNOWN'];
}

/** A kafkajs error as one line: its message and, for aggregated errors, each underlying one. */
export function kafkaErrorText(err: unknown): string {
  const e = err as { message?: string; type?: string; errors?: Array<{ message?: string; type?: string }> };
  const one = (x: { message?: string; type?: string }) =>
    `${x.message ?? x.type ?? 'unknown error'}${x.type && !x.message?.includes(x.type) ? ` (${x.type})` : ''}`;
  if (Array.isArray(e.errors) && e.errors.length) return [...new Set(e.errors.map(one))].join('; ');
  return one(e);
}

/**
 * Waits until every topic exists (another service creates the topics it writes), and says which are still
 * missing when `timeoutMs` runs out. A topic this principal may not describe never appears either.
 */
export async function waitForTopics(
  admin: Admin,
  topics: string[],
  opts: { timeoutMs: number; intervalMs?: number; onWait?: (missing: string[]) => void },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastNote = Date.now();
  for (;;) {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `topics still missing after ${Math.round(opts.timeoutMs / 1000)} s: ${missing.join(', ')}`,
      );
    }
    if (Date.now() - lastNote >= 5000) {
      lastNote = Date.now();
      opts.onWait?.(missing);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}

/**
 * event-sourcing rule 6: idempotent, one request in flight (kafkajs can reorder retries otherwise),
 * acks=all on every send, no topic auto-creation.
 */
export const SAFE_PRODUCER: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};
