import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { EventStore } from '@cp/event-store';
import {
  InboxConsumer,
  OutboxRelay,
  ensureTopics,
  type BatchHandler,
  type EnvelopeHandler,
} from '@cp/messaging';
import { Metrics, type Logger } from '@cp/observability';
import type { ServiceConfig } from './config';
import { CONFIG, KAFKA, LOGGER } from './tokens';

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
  private readonly topics = new Set<string>();

  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

  /** Topics this service writes to (created at start with infinite retention). */
  producesTo(...topics: string[]): void {
    topics.forEach((t) => this.topics.add(t));
  }

  /**
   * Registers a consumer; it starts when the application has bootstrapped. `handler` applies one message;
   * `batchHandler`, when given, applies several of one partition at once (see InboxConsumer).
   */
  consume(name: string, topics: string[], handler: EnvelopeHandler, batchHandler?: BatchHandler): void {
    topics.forEach((t) => this.topics.add(t));
    this.registrations.push({ name, topics, handler, batchHandler });
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
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(
        admin,
        [...this.topics].map((topic) => ({
          topic: this.topic(topic),
          partitions: this.config.kafkaPartitions,
        })),
      );
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
    await this.relay.start();
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
      await consumer.start();
      this.consumers.push(consumer);
      this.byName.set(r.name, consumer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const c of this.consumers) await c.stop().catch(() => undefined);
    await this.relay?.stop().catch(() => undefined);
  }
}
