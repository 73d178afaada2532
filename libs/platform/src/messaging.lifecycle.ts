import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { EventStore } from '@cp/event-store';
import { deadLetterTopic, type IntegrationEnvelope } from '@cp/contracts';
import {
  InboxConsumer,
  OutboxRelay,
  PayloadSeal,
  ensureTopics,
  waitForTopics,
  type BatchHandler,
  type EnvelopeHandler,
} from '@cp/messaging';
import { Metrics, type Logger } from '@cp/observability';
import { SEALED_TOPIC_KEYS, type ServiceConfig } from './config';
import {
  attributeToTopic,
  creatableTopics,
  creatorsOf,
  explainKafkaFailure,
  KafkaMisconfiguredError,
  missingGrants,
  unprefixedTopic,
} from './kafka-access';
import { CONFIG, KAFKA, LOGGER } from './tokens';

/** How long a consumer waits at start for the topics other services create (they may start later). */
const CONSUMED_TOPICS_WAIT_MS = 60_000;
/** Retries of a start the broker was unreachable for: the first after this, doubling up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 30_000;
/** How long stopping one consumer or the relay may take (the whole shutdown must end within 9 s). */
const STOP_EACH_MS = 4_000;
/** How long the first connection to the broker may take before the service starts without it. */
const CONNECT_DEADLINE_MS = 10_000;

/**
 * Starts the Kafka side of a service after the HTTP side is wired: topics of record, the outbox relay,
 * and the consumers the app registered. Stops them in reverse on shutdown.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: OutboxRelay | null = null;
  private readonly consumers: InboxConsumer[] = [];
  private readonly byName = new Map<string, InboxConsumer>();
  private readonly registrations: Array<{
    name: string;
    topics: string[];
    handler: EnvelopeHandler;
    batchHandler?: BatchHandler;
  }> = [];
  /** Topics of record this service writes, and those it reads (names without the prefix). */
  private readonly produced = new Set<string>();
  private readonly consumed = new Set<string>();
  /** Seals what this service writes on a sealed topic and opens what it reads from one. */
  private readonly seal: PayloadSeal;
  private current: 'starting' | 'running' | 'waiting' | 'stopped' = 'starting';
  private retry: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private cancelRetry: (() => void) | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {
    this.seal = topicSeal(config.topicKeys);
  }

  /** Topics this service writes to (created at start with infinite retention; its ACLs let it). */
  producesTo(...topics: string[]): void {
    topics.forEach((t) => this.produced.add(t));
  }

  /**
   * Registers a consumer; it starts when the application has bootstrapped. `handler` applies one message;
   * `batchHandler`, when given, applies several of one partition at once (see InboxConsumer). Both get
   * envelopes whose `producer` the topic vouches for (`attributeToTopic`): one that claims another is
   * dead-lettered, not applied.
   */
  consume(name: string, topics: string[], handler: EnvelopeHandler, batchHandler?: BatchHandler): void {
    topics.forEach((t) => this.consumed.add(t));
    const prefix = this.config.topicPrefix;
    this.registrations.push({
      name,
      topics,
      handler: (env, ctx) => handler(attributeToTopic(env, ctx.topic, prefix), ctx),
      batchHandler:
        batchHandler &&
        ((envs, ctx) =>
          batchHandler(
            envs.map((e) => attributeToTopic(e, ctx.topic, prefix)),
            ctx,
          )),
    });
  }

  /** The running consumer registered under `name` (e.g. to pause it while a read model is swapped). */
  consumer(name: string): InboxConsumer | undefined {
    return this.byName.get(name);
  }

  /** What the service was configured with (consumer group prefix, brokers). */
  get settings(): ServiceConfig {
    return this.config;
  }

  /** The name of a topic of record on this service's broker (with the configured prefix). */
  topic(name: string): string {
    return `${this.config.topicPrefix}${name}`;
  }

  get kafkaClient(): Kafka {
    return this.kafka;
  }

  /** A message of `topic` (as named on the broker) as its producer wrote it: opened, if the topic is sealed. */
  open(topic: string, message: IntegrationEnvelope): IntegrationEnvelope {
    return this.seal.open(unprefixedTopic(topic, this.config.topicPrefix), message);
  }

  /**
   * `running` once the topics, the relay and the consumers are up; `waiting` while the broker cannot be
   * reached (the service serves meanwhile: commands commit with their outbox, published once it is back).
   */
  get state(): 'starting' | 'running' | 'waiting' | 'stopped' {
    return this.current;
  }

  /**
   * What can be checked without the broker is checked at once and stops the start (grants, key rings). Then
   * the Kafka side is started; an unreachable broker does not stop the service: it starts without Kafka and
   * keeps trying in the background (readiness says `degraded: kafka`). Credentials or rights the broker
   * refuses stop it, at start or when found later (KafkaMisconfiguredError): no retry mends them.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { service } = this.config;
    const produced = [...this.produced];
    const consumed = [...this.consumed];
    const missing = missingGrants(service, produced, consumed);
    if (missing.length) {
      throw new Error(
        `${service} uses Kafka beyond what its principal is granted in libs/contracts/src/kafka-principals.json ` +
          `(${missing.join('; ')}): grant it there, and on the broker (npm run infra -- up; docs/kafka-security.md)`,
      );
    }
    const unsealable = [
      ...produced.map((t) => ({ t, does: 'writes' })),
      ...consumed.map((t) => ({ t, does: 'reads' })),
    ].filter(({ t }) => t in SEALED_TOPIC_KEYS && !this.seal.has(t));
    if (unsealable.length) {
      throw new Error(
        `${service} ${unsealable
          .map(({ t, does }) => `${does} ${t}, whose messages are sealed: set ${sealedTopicVariable(t)}`)
          .join('; ')} (kid:base64 pairs of 32-byte keys; docs/privacy.md)`,
      );
    }
    try {
      await this.startKafka(produced, consumed);
    } catch (err) {
      if (err instanceof KafkaMisconfiguredError) throw err;
      this.current = 'waiting';
      this.logger.warn(
        { err: { message: (err as Error).message } },
        'Kafka is unreachable: serving without it (commands wait in the outbox); retrying in the background',
      );
      this.retry = this.retryStart(produced, consumed);
    }
  }

  /** Tries again, backing off to RETRY_MAX_MS, until Kafka is up, the service stops, or it is refused. */
  private async retryStart(produced: string[], consumed: string[]): Promise<void> {
    let delay = RETRY_FIRST_MS;
    while (this.current === 'waiting') {
      await new Promise<void>((r) => {
        this.retryTimer = setTimeout(r, delay);
        this.cancelRetry = r;
      });
      if (this.current !== 'waiting') return;
      await this.stopKafka();
      try {
        await this.startKafka(produced, consumed);
        this.logger.info('Kafka reached: the outbox relay and the consumers are running');
        return;
      } catch (err) {
        if (err instanceof KafkaMisconfiguredError) {
          this.logger.fatal({ err: { message: err.message } }, `${this.config.service} stops`);
          this.current = 'stopped';
          process.exitCode = 1;
          process.kill(process.pid, 'SIGTERM');
          return;
        }
        this.logger.warn({ err: { message: (err as Error).message } }, 'Kafka still unreachable');
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
  }

  private async startKafka(produced: string[], consumed: string[]): Promise<void> {
    const { service } = this.config;
    const fail = (doing: string) => (err: unknown) => {
      throw explainKafkaFailure(err, doing, {
        service,
        brokers: this.config.kafkaBrokers,
        security: this.config.kafkaSecurity,
      });
    };
    const admin = this.kafka.admin();
    // kafkajs keeps retrying an unreachable broker for a minute or more; the service serves without it.
    await withDeadline(admin.connect(), CONNECT_DEADLINE_MS, () => void admin.disconnect()).catch(
      fail('connecting'),
    );
    try {
      // A service creates only what it writes: its topics, and the dead-letter topics of what it reads.
      // The topics it reads are created by the services that write them, which may start after it.
      const own = creatableTopics(service, [...produced, ...consumed.map(deadLetterTopic)]);
      await ensureTopics(
        admin,
        own.map((topic) => ({
          topic: this.topic(topic),
          partitions: this.config.kafkaPartitions,
          withDeadLetter: false,
        })),
        this.config.kafkaDurability,
      ).catch(fail(`creating its topics ${own.join(', ')}`));
      await waitForTopics(
        admin,
        consumed.map((t) => this.topic(t)),
        {
          timeoutMs: CONSUMED_TOPICS_WAIT_MS,
          onWait: (waiting) =>
            this.logger.warn(
              {
                topics: waiting.map(
                  (t) => `${t} (created by ${creatorsOf(unprefixedTopic(t, this.config.topicPrefix))})`,
                ),
              },
              'waiting for the topics this service reads; the services that write them create them',
            ),
        },
      ).catch(fail('waiting for the topics it reads'));
    } finally {
      await bounded(admin.disconnect(), STOP_EACH_MS);
    }
    this.relay = new OutboxRelay(this.dataSource, this.kafka, this.store, {
      databaseUrl: this.config.databaseUrl,
      logger: this.logger,
      metrics: this.metrics,
      pollIntervalMs: this.config.outboxPollMs,
      topicPrefix: this.config.topicPrefix,
      seal: this.seal,
      mustSeal: Object.keys(SEALED_TOPIC_KEYS),
    });
    await this.relay.start().catch(fail('starting the outbox relay'));
    for (const r of this.registrations) {
      const consumer = new InboxConsumer(this.kafka, this.dataSource, {
        groupId: `${this.config.consumerGroupPrefix}.${this.config.service}.${r.name}`,
        topics: r.topics.map((t) => this.topic(t)),
        handler: r.handler,
        batchHandler: r.batchHandler,
        maxBatch: this.config.consumerMaxBatch,
        open: (topic, message) => this.open(topic, message),
        logger: this.logger,
        metrics: this.metrics,
        afterCommit: () => this.store.notifyOutboxWritten(),
      });
      this.consumers.push(consumer);
      this.byName.set(r.name, consumer);
      await consumer.start().catch(fail(`starting the consumer ${r.name}`));
    }
    this.current = 'running';
  }

  /** Stops the consumers and the relay side by side, each within STOP_EACH_MS (a lost broker can hang them). */
  private async stopKafka(): Promise<void> {
    const stopping = [...this.consumers.map((c) => c.stop()), this.relay?.stop() ?? Promise.resolve()];
    this.consumers.length = 0;
    this.byName.clear();
    this.relay = null;
    await Promise.all(stopping.map((p) => bounded(p, STOP_EACH_MS)));
  }

  async onApplicationShutdown(): Promise<void> {
    this.current = 'stopped';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.cancelRetry?.();
    await this.retry;
    await this.stopKafka();
  }
}

/** Waits for `p` at most `ms`; a failure or a timeout is ignored (used when stopping). */
async function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    p.catch(() => undefined),
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

/** The seal of the topics whose key rings a service holds. */
export function topicSeal(topicKeys: ServiceConfig['topicKeys']): PayloadSeal {
  return new PayloadSeal(
    Object.fromEntries(Object.entries(topicKeys).map(([topic, keys]) => [topic, { keys }])),
  );
}

function sealedTopicVariable(topic: string): string {
  return SEALED_TOPIC_KEYS[topic as keyof typeof SEALED_TOPIC_KEYS];
}

/** `p`, or a failure once `ms` have passed (then `abandon` is called, e.g. to stop the client retrying). */
function withDeadline<T>(p: Promise<T>, ms: number, abandon: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      abandon();
      reject(new Error(`no answer within ${ms / 1000} s`));
    }, ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
