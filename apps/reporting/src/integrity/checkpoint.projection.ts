import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  CHECKPOINT_TOPICS,
  type CheckpointProducer,
  type IntegrationEnvelope,
  type StreamCheckpointV1,
} from '@cp/contracts';
import { checkpointDigest, checkpointSignatureVerifies, type Sql } from '@cp/event-store';
import { CONFIG, MessagingLifecycle } from '@cp/platform';
import type { ReportingConfig } from '../config';

export const CHECKPOINT_CONSUMER = 'integrity';

/**
 * Keeps every checkpoint intake and casework publish, each from its producer's own topic (only that
 * service may write it), with whether its digest recomputes and its signature verifies with the
 * producer's configured public key. The producer recorded is the topic's, never the one the body names:
 * a checkpoint whose body names another producer is kept under the topic's, flagged by the sweep. A
 * checkpoint that does not verify is kept too: it is evidence, and the comparisons skip its heads.
 * Idempotent by event id and by digest.
 */
@Injectable()
export class CheckpointProjection implements OnModuleInit {
  constructor(
    private readonly messaging: MessagingLifecycle,
    @Inject(CONFIG) private readonly config: Pick<ReportingConfig, 'checkpointPublicKeys'>,
  ) {}

  onModuleInit(): void {
    const byTopic = new Map<string, CheckpointProducer>(
      (Object.entries(CHECKPOINT_TOPICS) as Array<[CheckpointProducer, string]>).map(([producer, topic]) => [
        this.messaging.topic(topic),
        producer,
      ]),
    );
    this.messaging.consume(CHECKPOINT_CONSUMER, Object.values(CHECKPOINT_TOPICS), (env, ctx) => {
      const producer = byTopic.get(ctx.topic);
      if (!producer) throw new Error(`checkpoints are not expected on ${ctx.topic}`);
      return this.apply(env, ctx.sql, producer);
    });
  }

  /** Keeps one checkpoint that arrived on `producer`'s topic. */
  async apply(env: IntegrationEnvelope, sql: Sql, producer: CheckpointProducer): Promise<void> {
    if (env.type !== 'StreamCheckpoint') return;
    const cp = parseCheckpoint(env.data);
    const digestVerifies = checkpointDigest(cp.previousDigest, cp) === cp.digest;
    const key = this.config.checkpointPublicKeys[producer].find((k) => k.keyId === cp.keyId);
    const signatureVerifies = !!key && checkpointSignatureVerifies(cp.digest, cp.signature, key.key);
    const inserted: unknown[] = await sql.query(
      `INSERT INTO rm_integrity_checkpoints (event_id, producer, sequence, at, previous_digest, digest,
         digest_verifies, heads_count, signature_verifies, key_id, claimed_producer, faults)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [
        env.eventId,
        producer,
        cp.sequence,
        cp.at,
        cp.previousDigest,
        cp.digest,
        digestVerifies,
        cp.heads.length,
        signatureVerifies,
        cp.keyId ?? null,
        cp.producer,
        cp.faults?.length ? JSON.stringify(cp.faults) : null,
      ],
    );
    if (inserted.length === 0) return;
    await sql.query(
      `INSERT INTO rm_integrity_heads (stream_id, checkpoint_event_id, version, hash, previous_version,
         previous_hash)
       SELECT s, $1, v, h, pv, ph
       FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[]) AS x(s, v, h, pv, ph)
       ON CONFLICT DO NOTHING`,
      [
        env.eventId,
        cp.heads.map((h) => h.streamId),
        cp.heads.map((h) => h.version),
        cp.heads.map((h) => h.hash),
        cp.heads.map((h) => h.previous?.version ?? null),
        cp.heads.map((h) => h.previous?.hash ?? null),
      ],
    );
  }
}

/** The checkpoint in a message, or an error naming what is wrong (the consumer dead-letters it). */
export function parseCheckpoint(data: unknown): StreamCheckpointV1 {
  const d = (data ?? {}) as Partial<StreamCheckpointV1>;
  const problems: string[] = [];
  if (d.producer !== 'intake' && d.producer !== 'casework') problems.push('producer');
  if (!Number.isInteger(d.sequence) || (d.sequence ?? 0) < 1) problems.push('sequence');
  if (typeof d.at !== 'string' || Number.isNaN(Date.parse(d.at))) problems.push('at');
  if (typeof d.previousDigest !== 'string') problems.push('previousDigest');
  if (typeof d.digest !== 'string') problems.push('digest');
  const headsOk =
    Array.isArray(d.heads) &&
    d.heads.every(
      (h) =>
        typeof h?.streamId === 'string' &&
        Number.isInteger(h.version) &&
        h.version >= 0 &&
        typeof h.hash === 'string' &&
        (h.previous === undefined ||
          (Number.isInteger(h.previous?.version) &&
            (h.previous.hash === null || typeof h.previous.hash === 'string'))),
    );
  if (!headsOk) problems.push('heads');
  const faultsOk =
    d.faults === undefined ||
    (Array.isArray(d.faults) &&
      d.faults.every(
        (f) => typeof f?.streamId === 'string' && Number.isInteger(f.version) && typeof f.reason === 'string',
      ));
  if (!faultsOk) problems.push('faults');
  if (d.keyId !== undefined && typeof d.keyId !== 'string') problems.push('keyId');
  if (d.signature !== undefined && typeof d.signature !== 'string') problems.push('signature');
  if (problems.length) throw new Error(`not a StreamCheckpointV1: bad ${problems.join(', ')}`);
  return d as StreamCheckpointV1;
}
