import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CHECKPOINT_TOPICS, type CheckpointFaultV1, type StreamCheckpointV1 } from '@cp/contracts';
import { EventStore, recordCheckpoint, verifyNextStreams, type OutboxMessage } from '@cp/event-store';
import type { Logger } from '@cp/observability';
import type { ServiceConfig } from './config';
import { integrationMessage } from './integration-message';
import { MessagingLifecycle } from './messaging.lifecycle';
import { PeriodicTask } from './periodic';
import { CONFIG, LOGGER } from './tokens';

/**
 * The outbox message of a checkpoint, on its producer's own topic: keyed by the producer, so its
 * checkpoints stay in order on the topic.
 */
export function checkpointMessage(checkpoint: StreamCheckpointV1): OutboxMessage {
  const eventId = randomUUID();
  return integrationMessage({
    topic: CHECKPOINT_TOPICS[checkpoint.producer],
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
 * event-sourcing rule 10: every `CHECKPOINT_MS` the heads of the streams that changed are published on
 * the service's checkpoint topic (`cp.<service>.integrity.checkpoints.v1`), chained by digest and signed
 * with the service's key (CHECKPOINT_SIGNING_KEY), so copies of every chain's head exist outside this
 * database and cannot be forged without the key. Every instance runs it; an advisory lock lets one
 * publish at a time. Each run also re-verifies the next `CHECKPOINT_VERIFY_STREAMS` streams of the store
 * (going round it) and reports what fails in the checkpoint; and it notices when a head it published is
 * no longer in the stream (an event altered or deleted since) and says so loudly.
 */
@Injectable()
export class CheckpointPublisher extends PeriodicTask implements OnModuleInit {
  /** Where the re-verification goes on from (stream ids in order; '' is the beginning). */
  private verifyFrom = '';
  /** Faults found and not yet in a recorded checkpoint, and those already published (once per process). */
  private readonly pending = new Map<string, CheckpointFaultV1>();
  private readonly published = new Set<string>();

  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: EventStore,
    private readonly messaging: MessagingLifecycle,
  ) {
    super(config.checkpointMs, (err) => logger.error({ err }, 'checkpoint failed; retrying next tick'));
  }

  onModuleInit(): void {
    if (this.config.service !== 'reporting')
      this.messaging.producesTo(CHECKPOINT_TOPICS[this.config.service]);
  }

  protected runOnce(): Promise<StreamCheckpointV1[]> {
    return this.publishChanged();
  }

  /**
   * Re-verifies the next streams, then records checkpoints until every changed head and every new fault
   * is in one; returns them (none when nothing changed and nothing failed).
   */
  async publishChanged(now = new Date()): Promise<StreamCheckpointV1[]> {
    const producer = this.config.service;
    if (producer === 'reporting') throw new Error('reporting keeps no streams of record to checkpoint');
    if (this.config.checkpointVerifyStreams > 0) await this.verifyNext();
    const published: StreamCheckpointV1[] = [];
    for (;;) {
      const faults = published.length === 0 ? [...this.pending.values()] : [];
      const recorded = await recordCheckpoint(this.store, {
        producer,
        at: now.toISOString(),
        message: checkpointMessage,
        key: this.config.checkpointKey ?? undefined,
        faults,
      });
      if (!recorded) break;
      for (const f of faults) {
        this.pending.delete(faultKey(f));
        this.published.add(faultKey(f));
      }
      published.push(recorded.checkpoint);
      const { sequence, heads } = recorded.checkpoint;
      this.logger.info(
        { sequence, heads: heads.length, faults: faults.length },
        'checkpoint of stream heads recorded',
      );
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

  /** The next batch of the store re-verified; new faults wait in `pending` for the next checkpoint. */
  private async verifyNext(): Promise<void> {
    const { faults, next } = await verifyNextStreams(
      this.store,
      this.verifyFrom,
      this.config.checkpointVerifyStreams,
    );
    this.verifyFrom = next ?? '';
    for (const f of faults) {
      const key = faultKey(f);
      if (this.published.has(key) || this.pending.has(key)) continue;
      this.pending.set(key, f);
      this.logger.error(
        { streamId: f.streamId, version: f.version, eventId: f.eventId, reason: f.reason },
        `stream ${f.streamId} no longer verifies at version ${f.version} (${f.reason}): its stored events ` +
          'or subject keys were changed outside the application',
      );
    }
  }
}

const faultKey = (f: CheckpointFaultV1): string => `${f.streamId}|${f.version}|${f.reason}`;
