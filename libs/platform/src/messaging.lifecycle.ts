import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { EventStore } from '@cp/event-store';
import { deadLetterTopic } from '@cp/contracts';
import {
  InboxConsumer,
  OutboxRelay,
  ensureTopics,
  waitForTopics,
  type BatchHandler,
  type EnvelopeHandler,
} from '@cp/messaging';
import { Metrics, type Logger } from '@cp/observability';
import type { ServiceConfig } from './config';
import {
  attributeToTopic,
  creatableTopics,
  creatorsOf,
  explainKafkaFailure,
  missingGrants,
  unprefixedTopic,
} from './kafka-access';
import { CONFIG, KAFKA, LOGGER } from './tokens';

/** How long a consumer waits at start for the topics other services create (they may start later). */
const CONSUMED_TOPICS_WAIT_MS = 60_000;

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

  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

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
    const fail = (doing: string) => (err: unknown) => {
      throw explainKafkaFailure(err, doing, {
        service,
        brokers: this.config.kafkaBrokers,
        security: this.config.kafkaSecurity,
      });
    };
    const admin = this.kafka.admin();
    await admin.connect().catch(fail('connecting'));
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
      await admin.disconnect();
    }
    this.relay = new OutboxRelay(this.dataSource, this.kafka, this.store, {
      databaseUrl: this.config.databaseUrl,
      logger: this.logger,
      metrics: this.metrics,
      pollIntervalMs: this.config.outboxPollMs,
      topicPrefix: this.config.topicPrefix,
    });
    await this.relay.start().catch(fail('starting the outbox relay'));
    for (const r of this.registrations) {
      const consumer = new InboxConsumer(this.kafka, this.dataSource, {
        groupId: `${this.config.consumerGroupPrefix}.${this.config.service}.${r.name}`,
        topics: r.topics.map((t) => this.topic(t)),
        handler: r.handler,
        batchHandler: r.batchHandler,
        maxBatch: this.config.consumerMaxBatch,
        logger: this.logger,
        metrics: this.metrics,
        afterCommit: () => this.store.notifyOutboxWritten(),
      });
      await consumer.start().catch(fail(`starting the consumer ${r.name}`));
      this.consumers.push(consumer);
      this.byName.set(r.name, consumer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const c of this.consumers) await c.stop().catch(() => undefined);
    await this.relay?.stop().catch(() => undefined);
  }
}
