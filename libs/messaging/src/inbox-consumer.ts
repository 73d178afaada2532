import type { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, HEADERS, deadLetterTopic, type IntegrationEnvelope } from '@cp/contracts';
import { runWithContext, type Logger, type Metrics } from '@cp/observability';
import { errorSummary } from './outbox-relay';
import { SAFE_PRODUCER } from './kafka';

export interface MessageContext {
  /** The transaction the inbox row is written in: put the effect in it too. */
  sql: EntityManager;
  topic: string;
  partition: number;
  offset: string;
}

export type EnvelopeHandler = (envelope: IntegrationEnvelope, ctx: MessageContext) => Promise<void>;

export interface InboxConsumerOptions {
  /** Kafka consumer group; also the inbox's consumer name. */
  groupId: string;
  topics: string[];
  handler: EnvelopeHandler;
  logger: Logger;
  metrics?: Metrics;
  maxAttempts?: number;
  initialBackoffMs?: number;
  /** Called after each committed effect (e.g. to wake the outbox relay of this process). */
  afterCommit?: () => void;
}

/**
 * At-least-once consumer with an idempotent effect (ARCHITECTURE §2 rule 7): the event id goes into
 * the inbox in the same transaction as the effect, so redelivery, rebalances and restarts change
 * nothing. A failing message is retried with backoff, then sent to `<topic>.dlq` with the error and the
 * partition moves on. Exceptions never escape into kafkajs except when even the dead-letter write
 * fails — then the consumer stops loudly on that offset rather than lose the message.
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
    await consumer.run({ eachMessage: (p) => this.handle(p) });
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

  private async handle(payload: EachMessagePayload): Promise<void> {
    while (this.pausedUntil) await this.pausedUntil;
    this.inFlight++;
    try {
      await this.apply(payload);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.idle.splice(0).forEach((r) => r());
    }
  }

  private async apply({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const headers = decodeHeaders(message.headers);
    const where = { topic, partition, offset: message.offset };
    let envelope: IntegrationEnvelope;
    try {
      envelope = JSON.parse(message.value?.toString('utf8') ?? 'null') as IntegrationEnvelope;
      if (!envelope || typeof envelope.eventId !== 'string' || typeof envelope.type !== 'string') {
        throw new Error('message is not an integration envelope (eventId and type are required)');
      }
    } catch (err) {
      await this.deadLetter(topic, partition, message.offset, message.key, message.value, headers, err, null);
      return;
    }
    const ctx = {
      correlationId: envelope.correlationId ?? headers[HEADERS.correlationId] ?? envelope.eventId,
      causationId: envelope.eventId,
      ...where,
    };
    await runWithContext(ctx, async () => {
      const maxAttempts = this.opts.maxAttempts ?? 5;
      let backoff = this.opts.initialBackoffMs ?? 200;
      for (let attempt = 1; ; attempt++) {
        try {
          const applied = await this.dataSource.transaction(async (sql) => {
            const inserted: unknown[] = await sql.query(
              `INSERT INTO msg_inbox (consumer, event_id, topic, kafka_partition, kafka_offset)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id`,
              [this.opts.groupId, envelope.eventId, topic, partition, message.offset],
            );
            if (inserted.length === 0) return false;
            await this.opts.handler(envelope, { sql, topic, partition, offset: message.offset });
            return true;
          });
          this.opts.metrics?.messagesConsumed.inc({ topic, outcome: applied ? 'applied' : 'duplicate' });
          if (applied) {
            this.opts.afterCommit?.();
            this.log.info({ type: envelope.type, eventId: envelope.eventId }, 'applied');
          } else {
            this.log.info({ type: envelope.type, eventId: envelope.eventId }, 'duplicate delivery ignored');
          }
          return;
        } catch (err) {
          // A domain error will fail the same way every time: dead-letter it now instead of stalling the partition.
          if (attempt >= maxAttempts || err instanceof DomainError) {
            await this.deadLetter(
              topic,
              partition,
              message.offset,
              message.key,
              message.value,
              headers,
              err,
              envelope.eventId,
            );
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

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    key: Buffer | null,
    value: Buffer | null,
    headers: Record<string, string>,
    err: unknown,
    eventId: string | null,
  ): Promise<void> {
    const error = errorSummary(err);
    this.log.error({ err: error, eventId, topic, partition, offset }, 'message dead-lettered');
    await this.dlqProducer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key,
          value,
          headers: {
            ...headers,
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
