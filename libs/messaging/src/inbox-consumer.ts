import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { transaction, type Sql } from '@cp/event-store';
import { DomainError, HEADERS, deadLetterTopic, type IntegrationEnvelope } from '@cp/contracts';
import { runWithContext, type Logger, type Metrics } from '@cp/observability';
import { errorSummary } from './outbox-relay';
import { SAFE_PRODUCER } from './kafka';

export interface MessageContext {
  /** The transaction the inbox row is written in: put the effect in it too. */
  sql: Sql;
  topic: string;
  partition: number;
  offset: string;
}

export type EnvelopeHandler = (envelope: IntegrationEnvelope, ctx: MessageContext) => Promise<void>;

/**
 * Applies several envelopes of one partition, in order, in one transaction (which also holds their inbox
 * rows). Only envelopes not seen before are given.
 */
export type BatchHandler = (
  envelopes: IntegrationEnvelope[],
  ctx: { sql: Sql; topic: string; partition: number },
) => Promise<void>;

export interface InboxConsumerOptions {
  /** Kafka consumer group; also the inbox's consumer name. */
  groupId: string;
  topics: string[];
  /** Applies one envelope; used one at a time to isolate a failing message, and for a batch without `batchHandler`. */
  handler: EnvelopeHandler;
  /** Applies a whole batch at once (e.g. one statement per read model); `handler` is used when absent. */
  batchHandler?: BatchHandler;
  /** At most this many messages per transaction (default 100). */
  maxBatch?: number;
  /**
   * Partitions applied at the same time (default 1). Only for effects that never read and rewrite a row
   * another partition's messages may touch.
   */
  partitionsConcurrently?: number;
  logger: Logger;
  metrics?: Metrics;
  maxAttempts?: number;
  initialBackoffMs?: number;
  /** Called after each committed effect (e.g. to wake the outbox relay of this process). */
  afterCommit?: () => void;
  /**
   * Opens a message of a sealed topic (`PayloadSeal.open`, given the topic as consumed); a message that does
   * not open is dead-lettered. Without it, messages are taken as they come.
   */
  open?: (topic: string, message: IntegrationEnvelope) => IntegrationEnvelope;
}

/**
 * A fault point for the end-to-end tests of event-sourcing rule 7 (docs/event-sourcing.md): with
 * `CP_DEVELOPMENT=1` and `CP_FAULT_CRASH_AFTER_COMMIT=<envelope type>`, the process kills itself (SIGKILL)
 * right after the first transaction that applied a message of that type has committed, before the
 * message's offset is resolved or committed to Kafka: the crash between the effect and the offset that the
 * inbox exists for, at a moment a test can count on. Kafka then delivers the message again, and the inbox
 * must turn it into a "duplicate" instead of a second effect. Without development mode the variable is
 * ignored; a deployment never sets it.
 */
export function crashAfterCommitType(env: Record<string, string | undefined> = process.env): string | null {
  const development = ['1', 'true'].includes(env.CP_DEVELOPMENT?.trim().toLowerCase() ?? '');
  const type = env.CP_FAULT_CRASH_AFTER_COMMIT?.trim();
  return development && type ? type : null;
}

/**
 * At-least-once consumer with an idempotent effect (event-sourcing rule 7): the event ids go into the
 * inbox in the same transaction as the effect, so redelivery, rebalances and restarts change nothing.
 *
 * Messages are applied in batches: what Kafka hands over for one partition, up to `maxBatch` at a time, in
 * one transaction with one inbox statement. Under a trickle a batch is one message; under load the cost of
 * a transaction (begin, inbox, commit, offset) is shared, which is what lets a stage keep up with a burst
 * instead of queueing it (docs/performance.md). When a batch fails, its messages are applied one at a time,
 * so one bad message neither blocks nor takes down its neighbours: it is retried with backoff, then sent to
 * `<topic>.dlq` with the error, and the partition moves on. Exceptions never escape into kafkajs except
 * when even the dead-letter write fails — then the consumer stops loudly on that offset rather than lose
 * the message.
 */
export class InboxConsumer {
  private consumer: Consumer;
  private readonly dlqProducer: Producer;
  private readonly log: Logger;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private pausedUntil: Promise<void> | null = null;
  private release: (() => void) | null = null;
  private idle: Array<() => void> = [];
  private readonly crashAfterCommit = crashAfterCommitType();

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly opts: InboxConsumerOptions,
  ) {
    this.consumer = this.newConsumer();
    this.dlqProducer = kafka.producer(SAFE_PRODUCER);
    this.log = opts.logger.child({ component: 'consumer', group: opts.groupId });
  }

  async start(): Promise<void> {
    await this.dlqProducer.connect();
    await this.run(this.consumer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.consumer.disconnect();
    await this.dlqProducer.disconnect();
  }

  /**
   * Holds the effects back (e.g. while a rebuilt read model is swapped in) and resolves once no message
   * is being applied. Messages that arrive meanwhile wait, and are applied after `resume()`.
   */
  async pause(): Promise<void> {
    if (!this.pausedUntil) this.pausedUntil = new Promise((r) => (this.release = r));
    if (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  resume(): void {
    this.release?.();
    this.release = null;
    this.pausedUntil = null;
  }

  private newConsumer(): Consumer {
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    // kafkajs restarts the consumer after retriable failures by itself; after a non-retriable one (e.g.
    // no group coordinator while the broker is away) it stops for good. Start a fresh consumer then, so
    // the service resumes when Kafka is back instead of staying up and deaf.
    consumer.on(consumer.events.CRASH, (e) => {
      if (e.payload.restart || this.stopped) return;
      this.log.warn({ err: errorSummary(e.payload.error) }, 'consumer crashed; starting a new one');
      this.restartLater(1000);
    });
    return consumer;
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
    await consumer.run({
      // Offsets go to the broker at most once a second, not after every batch: an offset commit is one
      // more broker request per message under a trickle, and what a crash makes Kafka deliver again the
      // inbox already holds.
      autoCommitInterval: 1000,
      partitionsConsumedConcurrently: this.opts.partitionsConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: (p) => this.handleBatch(p),
    });
  }

  private restartLater(delayMs: number): void {
    if (this.restartTimer || this.stopped) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void (async () => {
        const old = this.consumer;
        await old.disconnect().catch(() => undefined);
        if (this.stopped) return;
        this.consumer = this.newConsumer();
        try {
          await this.run(this.consumer);
          this.log.info('consumer running again');
        } catch (err) {
          this.log.warn(
            { err: errorSummary(err), retryInMs: delayMs * 2 },
            'consumer could not start; will retry',
          );
          await this.consumer.disconnect().catch(() => undefined);
          this.restartLater(Math.min(delayMs * 2, 30_000));
        }
      })();
    }, delayMs);
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const max = this.opts.maxBatch ?? 100;
    for (let i = 0; i < batch.messages.length; i += max) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + max);
      while (this.pausedUntil) await this.pausedUntil;
      this.inFlight++;
      try {
        await this.applyChunk(batch.topic, batch.partition, chunk);
      } finally {
        this.inFlight--;
        if (this.inFlight === 0) this.idle.splice(0).forEach((r) => r());
      }
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * One transaction for the chunk; if it fails, each message on its own (retried, then dead-lettered).
   * Messages that are not envelopes are dead-lettered first; they have no effect to order.
   */
  private async applyChunk(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const parsed: Array<{ message: KafkaMessage; envelope: IntegrationEnvelope }> = [];
    for (const message of messages) {
      const envelope = parseEnvelope(message, (m) => (this.opts.open ? this.opts.open(topic, m) : m));
      if (envelope instanceof Error) {
        await this.deadLetter(topic, partition, message, envelope, claimedEventId(message));
      } else {
        parsed.push({ message, envelope });
      }
    }
    if (parsed.length === 0) return;
    if (parsed.length > 1) {
      try {
        await this.applyTogether(topic, partition, parsed);
        return;
      } catch (err) {
        this.log.warn(
          { err: errorSummary(err), messages: parsed.length, topic, partition },
          'batch failed; applying its messages one at a time',
        );
      }
    }
    for (const p of parsed) await this.applyAlone(topic, partition, p.message, p.envelope);
  }

  private async applyTogether(
    topic: string,
    partition: number,
    parsed: Array<{ message: KafkaMessage; envelope: IntegrationEnvelope }>,
  ): Promise<void> {
    const t0 = performance.now();
    const fresh = await transaction(this.dataSource, async (sql) => {
      const firstOf = new Map<string, number>();
      parsed.forEach((p, i) => {
        if (!firstOf.has(p.envelope.eventId)) firstOf.set(p.envelope.eventId, i);
      });
      const inserted: Array<{ event_id: string }> = await sql.query(
        `INSERT INTO msg_inbox (consumer, event_id, topic, kafka_partition, kafka_offset)
         SELECT $1, e, $2, $3, o FROM unnest($4::uuid[], $5::bigint[]) AS x(e, o)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [
          this.opts.groupId,
          topic,
          partition,
          [...firstOf.keys()],
          [...firstOf.values()].map((i) => parsed[i].message.offset),
        ],
      );
      const isNew = new Set(inserted.map((r) => r.event_id.toLowerCase()));
      const fresh = parsed.filter(
        (p, i) => isNew.has(p.envelope.eventId.toLowerCase()) && firstOf.get(p.envelope.eventId) === i,
      );
      if (this.opts.batchHandler) {
        if (fresh.length)
          await this.opts.batchHandler(
            fresh.map((p) => p.envelope),
            { sql, topic, partition },
          );
      } else {
        for (const p of fresh) {
          await runWithContext(this.contextOf(p.envelope, p.message, topic, partition), () =>
            this.opts.handler(p.envelope, { sql, topic, partition, offset: p.message.offset }),
          );
        }
      }
      return fresh;
    });
    const perMessage = (performance.now() - t0) / 1000 / parsed.length;
    this.observe(topic, parsed, perMessage, fresh.length);
    if (fresh.length) this.opts.afterCommit?.();
    this.log.info({ topic, partition, messages: parsed.length, applied: fresh.length }, 'batch applied');
    await this.faultPoint(fresh.map((p) => p.envelope.type));
  }

  private async applyAlone(
    topic: string,
    partition: number,
    message: KafkaMessage,
    envelope: IntegrationEnvelope,
  ): Promise<void> {
    await runWithContext(this.contextOf(envelope, message, topic, partition), async () => {
      const maxAttempts = this.opts.maxAttempts ?? 5;
      let backoff = this.opts.initialBackoffMs ?? 200;
      for (let attempt = 1; ; attempt++) {
        try {
          const t0 = performance.now();
          const applied = await transaction(this.dataSource, async (sql) => {
            const inserted: unknown[] = await sql.query(
              `INSERT INTO msg_inbox (consumer, event_id, topic, kafka_partition, kafka_offset)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id`,
              [this.opts.groupId, envelope.eventId, topic, partition, message.offset],
            );
            if (inserted.length === 0) return false;
            await this.opts.handler(envelope, { sql, topic, partition, offset: message.offset });
            return true;
          });
          this.observe(topic, [{ message }], (performance.now() - t0) / 1000, applied ? 1 : 0);
          if (applied) {
            this.opts.afterCommit?.();
            this.log.info({ type: envelope.type, eventId: envelope.eventId }, 'applied');
            await this.faultPoint([envelope.type]);
          } else {
            this.log.info({ type: envelope.type, eventId: envelope.eventId }, 'duplicate delivery ignored');
          }
          return;
        } catch (err) {
          // A domain error will fail the same way every time: dead-letter it now instead of stalling the partition.
          if (attempt >= maxAttempts || err instanceof DomainError) {
            await this.deadLetter(topic, partition, message, err, envelope.eventId);
            return;
          }
          this.log.warn(
            { err: errorSummary(err), attempt, retryInMs: backoff, type: envelope.type },
            'handler failed; retrying',
          );
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, 10000);
        }
      }
    });
  }

  /**
   * `CP_FAULT_CRASH_AFTER_COMMIT` (development only): dies once the effect of such a message is committed.
   * It never returns, so the offset is never resolved. The kill waits half a second for the log line to
   * reach stdout (pino writes asynchronously); meanwhile this consumer applies nothing more.
   */
  private async faultPoint(appliedTypes: string[]): Promise<void> {
    if (!this.crashAfterCommit || !appliedTypes.includes(this.crashAfterCommit)) return;
    this.log.warn(
      { type: this.crashAfterCommit },
      'fault point: crashing after the commit, before the offset',
    );
    await new Promise<never>(() => setTimeout(() => process.kill(process.pid, 'SIGKILL'), 500));
  }

  private contextOf(envelope: IntegrationEnvelope, message: KafkaMessage, topic: string, partition: number) {
    const headers = decodeHeaders(message.headers);
    return {
      correlationId: envelope.correlationId ?? headers[HEADERS.correlationId] ?? envelope.eventId,
      causationId: envelope.eventId,
      topic,
      partition,
      offset: message.offset,
    };
  }

  private observe(
    topic: string,
    messages: Array<{ message: KafkaMessage }>,
    secondsPerMessage: number,
    applied: number,
  ): void {
    const m = this.opts.metrics;
    if (!m) return;
    const labels = { consumer: this.opts.groupId, topic };
    m.messagesConsumed.inc({ topic, outcome: 'applied' }, applied);
    if (messages.length > applied)
      m.messagesConsumed.inc({ topic, outcome: 'duplicate' }, messages.length - applied);
    m.consumerBatch.observe(labels, messages.length);
    const now = Date.now();
    for (const { message } of messages) {
      m.consumerApply.observe(labels, secondsPerMessage);
      m.consumerLag.observe(labels, (now - Number(message.timestamp)) / 1000);
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    err: unknown,
    eventId: string | null,
  ): Promise<void> {
    const error = errorSummary(err);
    const offset = message.offset;
    this.log.error({ err: error, eventId, topic, partition, offset }, 'message dead-lettered');
    await this.dlqProducer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...decodeHeaders(message.headers),
            [HEADERS.error]: `${error.name}: ${error.message}`.slice(0, 2000),
            [HEADERS.failedAt]: new Date().toISOString(),
            [HEADERS.originalTopic]: topic,
            [HEADERS.originalPartition]: String(partition),
            [HEADERS.originalOffset]: offset,
            'cp-consumer': this.opts.groupId,
          },
        },
      ],
    });
    await this.dataSource.query(
      `INSERT INTO msg_dead_letters (consumer, event_id, topic, kafka_partition, kafka_offset, error)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        this.opts.groupId,
        isUuid(eventId) ? eventId : null,
        topic,
        partition,
        offset,
        error.message.slice(0, 2000),
      ],
    );
    this.opts.metrics?.messagesConsumed.inc({ topic, outcome: 'dead_lettered' });
  }
}

/** The event id a message that could not be taken claims (its envelope's, readable even when sealed). */
function claimedEventId(message: KafkaMessage): string | null {
  try {
    const id = (JSON.parse(message.value?.toString('utf8') ?? 'null') as { eventId?: unknown } | null)
      ?.eventId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** The envelope a message carries (opened, on a sealed topic), or why it carries none. */
function parseEnvelope(
  message: KafkaMessage,
  open: (m: IntegrationEnvelope) => IntegrationEnvelope,
): IntegrationEnvelope | Error {
  try {
    const envelope = open(JSON.parse(message.value?.toString('utf8') ?? 'null') as IntegrationEnvelope);
    if (!envelope || typeof envelope.eventId !== 'string' || typeof envelope.type !== 'string') {
      return new Error('message is not an integration envelope (eventId and type are required)');
    }
    if (!isUuid(envelope.eventId)) return new Error("the envelope's eventId is not a UUID");
    return envelope;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return out;
}

function isUuid(v: string | null): v is string {
  return !!v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
