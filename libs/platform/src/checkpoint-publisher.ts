import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TOPICS, type StreamCheckpointV1 } from '@cp/contracts';
import { EventStore, recordCheckpoint, type OutboxMessage } from '@cp/event-store';
import type { Logger } from '@cp/observability';
import type { ServiceConfig } from './config';
import { integrationMessage } from './integration-message';
import { MessagingLifecycle } from './messaging.lifecycle';
import { runPeriodically } from './periodic';
import { CONFIG, LOGGER } from './tokens';

/** The outbox message of a checkpoint: keyed by the producer, so its checkpoints stay in order on the topic. */
export function checkpointMessage(checkpoint: StreamCheckpointV1): OutboxMessage {
  const eventId = randomUUID();
  return integrationMessage({
    topic: TOPICS.integrityCheckpoints,
    producer: checkpoint.producer,
    type: 'StreamCheckpoint',
    event: { eventId, occurredAt: checkpoint.at },
    aggregateId: checkpoint.producer,
    aggregateVersion: checkpoint.sequence,
    metadata: {
      commandId: eventId,
      correlationId: eventId,
      causationId: null,
      actor: { id: 'system:checkpoint-publisher', roles: ['system'], unit: null },
      now: checkpoint.at,
    },
    data: checkpoint,
  });
}

/**
 * ARCHITECTURE §2 rule 10: every `CHECKPOINT_MS` the heads of the streams that changed are published on
 * `cp.integrity.checkpoints.v1`, chained by digest, so copies of every chain's head exist outside this
 * database. Every instance runs it; an advisory lock lets one publish at a time. It also notices when a
 * head it published is no longer in the stream (an event altered or deleted since) and says so loudly.
 */
@Injectable()
export class CheckpointPublisher implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private periodic: { stop(): Promise<void> } | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: EventStore,
    private readonly messaging: MessagingLifecycle,
  ) {}

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.integrityCheckpoints);
  }

  onApplicationBootstrap(): void {
    if (!this.config.checkpointMs) return;
    this.periodic = runPeriodically(
      this.config.checkpointMs,
      () => this.publishChanged(),
      (err) => this.logger.error({ err }, 'checkpoint failed; retrying next tick'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }

  /** Records checkpoints until every changed head is in one; returns them (none when nothing changed). */
  async publishChanged(now = new Date()): Promise<StreamCheckpointV1[]> {
    const producer = this.config.service;
    if (producer === 'reporting') throw new Error('reporting keeps no streams of record to checkpoint');
    const published: StreamCheckpointV1[] = [];
    for (;;) {
      const recorded = await recordCheckpoint(this.store, {
        producer,
        at: now.toISOString(),
        message: checkpointMessage,
      });
      if (!recorded) break;
      published.push(recorded.checkpoint);
      const { sequence, heads } = recorded.checkpoint;
      this.logger.info({ sequence, heads: heads.length }, 'checkpoint of stream heads recorded');
      for (const r of recorded.rewritten) {
        this.logger.error(
          { streamId: r.streamId, published: r.published, now: r.now, sequence },
          `stream ${r.streamId} no longer holds the head published at version ${r.published.version}: ` +
            'a stored event was altered or deleted',
        );
      }
      if (!recorded.more) break;
    }
    return published;
  }
}
