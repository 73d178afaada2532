import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Kafka, Producer, Message } from 'kafkajs';
import { HEADERS, type IntegrationEnvelope } from '@cp/contracts';
import { PayloadSealError, type PayloadSeal } from './payload-seal';
import { SAFE_PRODUCER } from './kafka';
import type { EventStore } from '@cp/event-store';
import type { Logger, Metrics } from '@cp/observability';

export interface OutboxRelayOptions {
  databaseUrl: string;
  /** Advisory-lock key: one leader per database publishes at a time. */
  lockKey?: number;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Put before the topic each row names (see the services' KAFKA_TOPIC_PREFIX). */
  topicPrefix?: string;
  /**
   * Seals the messages of the topics it holds a key ring for (`PayloadSeal`); `mustSeal` lists the topics
   * whose messages never leave in clear: publishing one without its ring fails.
   */
  seal?: PayloadSeal;
  mustSeal?: readonly string[];
  logger: Logger;
  metrics?: Metrics;
}

const CHANNEL = 'cp_outbox';

/**
 * Publishes outbox rows to Kafka in id order and marks them sent (event-sourcing rule 6).
 *
 * - It never resumes from a "highest id seen": it always takes the lowest unpublished rows, so a row
 *   whose transaction committed late is still published.
 * - Several instances may run; the one holding a session advisory lock publishes, the others wait and
 *   take over if its connection dies. One publisher keeps per-key order.
 * - It wakes on NOTIFY and on in-process appends, and polls as a fallback.
 * - At-least-once: a crash between the Kafka ack and the UPDATE republishes; consumers dedupe.
 */
export class OutboxRelay {
  private producer: Producer;
  private client: Client | null = null;
  private leader = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private pendingWake = false;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private notifyInFlight = false;
  private notifyAgain = false;
  private readonly lockKey: number;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly log: Logger;

  constructor(
    private readonly dataSource: DataSource,
    kafka: Kafka,
    private readonly store: EventStore | null,
    private readonly opts: OutboxRelayOptions,
  ) {
    this.producer = kafka.producer(SAFE_PRODUCER);
    this.lockKey = opts.lockKey ?? 7_110_111;
    this.pollMs = opts.pollIntervalMs ?? 1000;
    this.batchSize = opts.batchSize ?? 500;
    this.log = opts.logger.child({ component: 'outbox-relay' });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  async start(): Promise<void> {
    await this.producer.connect();
    if (this.store) {
      this.unsubscribe = this.store.onOutboxWritten(() => this.onLocalAppend());
    }
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.trigger();
    await this.loop;
    await this.closeClient();
    await this.producer.disconnect();
  }

  /** Wake the loop now (used by tests and by in-process appends). */
  trigger(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private onLocalAppend(): void {
    if (this.leader) {
      this.trigger();
      return;
    }
    // Another instance is the leader: tell it through PostgreSQL, coalescing bursts into one NOTIFY.
    if (this.notifyInFlight) {
      this.notifyAgain = true;
      return;
    }
    this.notifyInFlight = true;
    const send = (): void => {
      this.dataSource
        .query(`SELECT pg_notify('${CHANNEL}', '')`)
        .catch((err: unknown) => this.log.warn({ err }, 'could not NOTIFY the outbox leader'))
        .finally(() => {
          if (this.notifyAgain) {
            this.notifyAgain = false;
            send();
          } else {
            this.notifyInFlight = false;
          }
        });
    };
    send();
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (!this.stopped) {
      try {
        if (!this.leader) {
          await this.tryLead();
          if (!this.leader) {
            await this.sleep(this.pollMs * 2);
            continue;
          }
        }
        const published = await this.drainOnce();
        backoff = 200;
        // A short batch emptied the outbox as it was read: wait for the next append's wake-up (or the
        // poll) instead of asking again at once. A full batch means more rows are waiting.
        if (published < this.batchSize) await this.sleep(this.pollMs);
      } catch (err) {
        this.log.warn({ err: errorSummary(err), retryInMs: backoff }, 'outbox relay failed; will retry');
        if (this.client === null) this.leader = false;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private async tryLead(): Promise<void> {
    if (!this.client) {
      const client = new Client({
        connectionString: this.opts.databaseUrl,
        application_name: 'outbox-relay',
      });
      client.on('error', (err) => {
        this.log.warn({ err: errorSummary(err) }, 'outbox relay lost its database connection');
        this.leader = false;
        this.client = null;
        client.end().catch(() => undefined);
      });
      client.on('notification', () => this.trigger());
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    }
    const res = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      this.lockKey,
    ]);
    this.leader = res.rows[0].locked;
    if (this.leader) this.log.info('outbox relay is the publishing leader');
  }

  /** Publishes one batch of the lowest unpublished rows. Returns how many were published. */
  async drainOnce(): Promise<number> {
    const timer = this.opts.metrics?.outboxPublish;
    let t = performance.now();
    const lap = (stage: string): void => {
      const now = performance.now();
      timer?.observe({ stage }, (now - t) / 1000);
      t = now;
    };
    const rows: Array<{
      id: string;
      topic: string;
      message_key: string;
      payload: unknown;
      headers: Record<string, string>;
    }> = await this.dataSource.query(
      `SELECT id, topic, message_key, payload, headers FROM es_outbox
         WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    lap('read');
    const byTopic = new Map<string, Message[]>();
    for (const r of rows) {
      const messages = byTopic.get(r.topic) ?? [];
      messages.push(this.outgoing(r));
      byTopic.set(r.topic, messages);
    }
    try {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic: `${this.opts.topicPrefix ?? ''}${topic}`,
          messages,
        })),
      });
    } catch (err) {
      await this.dataSource.query(
        `UPDATE es_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`,
        [rows.map((r) => r.id), errorSummary(err).message],
      );
      throw err;
    }
    lap('send');
    await this.dataSource.query(`UPDATE es_outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
      rows.map((r) => r.id),
    ]);
    lap('mark');
    this.opts.metrics?.outboxBatch.observe(rows.length);
    for (const [topic, messages] of byTopic)
      this.opts.metrics?.outboxPublished.inc({ topic }, messages.length);
    return rows.length;
  }

  /** One row as it goes on Kafka: sealed on a sealed topic, without the header that would name its type. */
  private outgoing(r: {
    topic: string;
    message_key: string;
    payload: unknown;
    headers: Record<string, string>;
  }) {
    const seal = this.opts.seal;
    const sealed = seal?.has(r.topic) ?? false;
    if (!sealed && this.opts.mustSeal?.includes(r.topic)) {
      throw new PayloadSealError(`no key ring to seal ${r.topic}: its messages never leave in clear`);
    }
    if (!sealed) return { key: r.message_key, value: JSON.stringify(r.payload), headers: r.headers };
    const { [HEADERS.eventType]: _type, ...headers } = r.headers;
    return {
      key: r.message_key,
      value: JSON.stringify(seal!.seal(r.topic, r.payload as IntegrationEnvelope)),
      headers,
    };
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = () => {
        this.pendingWake = false;
        finish();
      };
    });
  }

  private async closeClient(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.leader = false;
    if (c) await c.end().catch(() => undefined);
  }
}

export function errorSummary(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
