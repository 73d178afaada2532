import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TOPICS, type IntegrityAlertKind, type IntegrityAlertV1 } from '@cp/contracts';
import { EventStore, type Sql } from '@cp/event-store';
import { Metrics, type Logger } from '@cp/observability';
import {
  CONFIG,
  LOGGER,
  MessagingLifecycle,
  integrationMessage,
  runPeriodically,
  type ServiceConfig,
} from '@cp/platform';
import type { ReportingConfig } from '../config';
import { checkpointLink } from './integrity-compare';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
type Row = Record<string, any>;

/** Advisory-lock key of the sweep: one reporting instance sweeps at a time. */
export const SWEEP_LOCK_KEY = 7_110_333;

/**
 * Rows a sweep looks at again below the highest position the previous one saw: a transaction that took
 * its position earlier may have committed after that sweep read (event-sourcing rule 6).
 */
const OVERLAP = 1000;
/** Every this many sweeps, one looks at everything again (and the first one after a start does). */
const FULL_EVERY = 60;

/** A finding of the sweep, before it is stored: `fingerprint` names it, so finding it again adds nothing. */
export interface AlertFinding {
  fingerprint: string;
  kind: IntegrityAlertKind;
  producer: 'intake' | 'casework';
  streamId: string | null;
  version: number | null;
  eventId: string | null;
  checkpointSequence: number | null;
  detail: string;
  evidence: Record<string, unknown>;
}

const short = (hash: unknown) => (typeof hash === 'string' && hash ? `${hash.slice(0, 12)}…` : 'none');

/**
 * A checkpoint whose heads the comparisons trust: digest and signature verify, the body names its topic's
 * producer (NULL in both: received before signatures were checked, trusted by its digest as it was then).
 */
const trusted = (c: string) =>
  `${c}.digest_verifies AND ${c}.signature_verifies IS NOT FALSE ` +
  `AND coalesce(${c}.claimed_producer, ${c}.producer) = ${c}.producer`;

/**
 * The checkpoints received since `$1` (position), each with what its chain needs: the received checkpoint
 * its previous digest names, how many name the same previous digest, how many distinct checkpoints claim
 * its sequence, and the digest of the checkpoint received with the sequence before it.
 */
const CHECKPOINTS_SQL = `
SELECT c.producer, c.sequence, c.digest, c.previous_digest, c.digest_verifies, c.signature_verifies, c.key_id,
       c.claimed_producer, c.at, p.sequence AS predecessor_sequence,
       (SELECT count(*) FROM rm_integrity_checkpoints s
        WHERE s.producer = c.producer AND s.previous_digest = c.previous_digest)::int AS same_parent,
       (SELECT count(DISTINCT s.digest) FROM rm_integrity_checkpoints s
        WHERE s.producer = c.producer AND s.sequence = c.sequence)::int AS same_sequence,
       (SELECT s.digest FROM rm_integrity_checkpoints s
        WHERE s.producer = c.producer AND s.sequence = c.sequence - 1 ORDER BY s.position LIMIT 1) AS before_digest
FROM rm_integrity_checkpoints c
LEFT JOIN rm_integrity_checkpoints p ON p.producer = c.producer AND p.digest = c.previous_digest
WHERE c.position > $1`;

/**
 * Every trusted head against everything else reporting holds about its stream, for the heads received
 * since `$1` and the copied events received since `$2`:
 *
 * - `copy_at`: the copy holds another hash at the head's version;
 * - `copy_next`: the copy's next event links to another hash than the head's;
 * - `rewritten`: the head published before it has another hash at the same version;
 * - `went_back`: the head published before it is at a higher version (events were deleted);
 * - `previous`: what the producer says the stream now holds at the version it published last differs
 *   from that head, or from the copy.
 */
const HEADS_SQL = `
WITH fresh AS (
  SELECT h.stream_id, h.version, h.hash, h.previous_version, h.previous_hash, c.producer, c.sequence
  FROM rm_integrity_checkpoints c JOIN rm_integrity_heads h ON h.checkpoint_event_id = c.event_id
  WHERE c.position > $1 AND ${trusted('c')}
  UNION
  SELECT h.stream_id, h.version, h.hash, h.previous_version, h.previous_hash, c.producer, c.sequence
  FROM rm_events e
  JOIN rm_integrity_heads h
    ON h.stream_id = e.source_stream AND e.source_version IN (h.version, h.version + 1, h.previous_version)
  JOIN rm_integrity_checkpoints c ON c.event_id = h.checkpoint_event_id AND c.producer = e.producer
  -- a full sweep (both floors 0) has every head in the first part already
  WHERE $2 > 0 AND e.position > $2 AND ${trusted('c')}
), earlier AS (
  -- the head the producer published for the stream just before (each head answers for the one before
  -- it, so the whole sequence holds when every pair does)
  SELECT f.producer AS f_producer, f.stream_id AS f_stream, f.sequence AS f_sequence, u.version, u.hash,
         u.sequence
  FROM fresh f
  CROSS JOIN LATERAL (
    SELECT uh.version, uh.hash, uc.sequence
    FROM rm_integrity_heads uh JOIN rm_integrity_checkpoints uc ON uc.event_id = uh.checkpoint_event_id
    WHERE uh.stream_id = f.stream_id AND uc.producer = f.producer AND uc.sequence < f.sequence
      AND ${trusted('uc')}
    ORDER BY uc.sequence DESC LIMIT 1
  ) u
)
SELECT 'copy_at' AS test, f.producer, f.stream_id, f.version, f.sequence, f.hash, e.event_id,
       e.hash AS other_hash, NULL::int AS other_version, NULL::int AS other_sequence
FROM fresh f JOIN rm_events e
  ON e.producer = f.producer AND e.source_stream = f.stream_id AND e.source_version = f.version
WHERE f.version > 0 AND e.hash IS NOT NULL AND e.hash <> f.hash
UNION ALL
SELECT 'copy_next', f.producer, f.stream_id, f.version, f.sequence, f.hash, e.event_id, e.prev_hash,
       e.source_version, NULL
FROM fresh f JOIN rm_events e
  ON e.producer = f.producer AND e.source_stream = f.stream_id AND e.source_version = f.version + 1
WHERE e.prev_hash IS NOT NULL AND e.prev_hash <> f.hash
UNION ALL
SELECT 'rewritten', f.producer, f.stream_id, f.version, f.sequence, f.hash, NULL, u.hash, u.version, u.sequence
FROM fresh f JOIN earlier u
  ON u.f_producer = f.producer AND u.f_stream = f.stream_id AND u.f_sequence = f.sequence
 AND u.version = f.version AND u.hash <> f.hash
UNION ALL
SELECT 'went_back', f.producer, f.stream_id, f.version, f.sequence, f.hash, NULL, u.hash, u.version, u.sequence
FROM fresh f JOIN earlier u
  ON u.f_producer = f.producer AND u.f_stream = f.stream_id AND u.f_sequence = f.sequence AND u.version > f.version
UNION ALL
SELECT 'previous', f.producer, f.stream_id, f.previous_version, f.sequence, f.previous_hash, NULL, u.hash,
       u.version, u.sequence
FROM fresh f JOIN earlier u
  ON u.f_producer = f.producer AND u.f_stream = f.stream_id AND u.f_sequence = f.sequence
 AND u.version = f.previous_version AND u.hash IS DISTINCT FROM f.previous_hash
UNION ALL
SELECT 'previous', f.producer, f.stream_id, f.previous_version, f.sequence, f.previous_hash, e.event_id, e.hash,
       e.source_version, NULL
FROM fresh f JOIN rm_events e
  ON e.producer = f.producer AND e.source_stream = f.stream_id AND e.source_version = f.previous_version
WHERE e.hash IS NOT NULL AND e.hash IS DISTINCT FROM f.previous_hash`;

/**
 * The copy against itself, for the copied events received since `$1`: two different events at one
 * version of a stream (`conflict`), or consecutive events that do not link (`link`).
 */
const COPY_SQL = `
WITH fresh AS (
  SELECT * FROM rm_events WHERE position > $1 AND source_stream IS NOT NULL AND hash IS NOT NULL
)
SELECT 'conflict' AS test, f.producer, f.source_stream AS stream_id, f.source_version AS version,
       f.event_id, f.hash, o.event_id AS other_event_id, o.hash AS other_hash
FROM fresh f JOIN rm_events o
  ON o.producer = f.producer AND o.source_stream = f.source_stream AND o.source_version = f.source_version
 AND o.event_id <> f.event_id
UNION ALL
SELECT 'link', f.producer, f.source_stream, f.source_version, f.event_id, f.prev_hash, p.event_id, p.hash
FROM fresh f JOIN rm_events p
  ON p.producer = f.producer AND p.source_stream = f.source_stream AND p.source_version = f.source_version - 1
WHERE p.hash IS NOT NULL AND p.hash <> f.prev_hash
UNION ALL
SELECT 'link', f.producer, f.source_stream, n.source_version, n.event_id, n.prev_hash, f.event_id, f.hash
FROM fresh f JOIN rm_events n
  ON n.producer = f.producer AND n.source_stream = f.source_stream AND n.source_version = f.source_version + 1
WHERE n.prev_hash IS NOT NULL AND n.prev_hash <> f.hash`;

/** The faults producers reported in trusted checkpoints received since `$1`. */
const FAULTS_SQL = `
SELECT c.producer, c.sequence, f.value AS fault
FROM rm_integrity_checkpoints c, jsonb_array_elements(coalesce(c.faults, '[]'::jsonb)) AS f(value)
WHERE c.position > $1 AND ${trusted('c')}`;

/**
 * event-sourcing rule 10, continuously: every `INTEGRITY_SWEEP_MS` reporting checks what it received
 * since its previous sweep — every checkpoint's signature (with its producer's configured public key),
 * digest and place in its producer's chain; every signed head against reporting's copy of the chain, the
 * heads published before it and what the producer says it now holds under them; the copy against itself;
 * and the faults producers report from re-verifying their own stores. Whatever a tamper-free history
 * cannot produce becomes an alert: stored (listed at `GET /api/v1/audit/integrity/alerts`), published on
 * `cp.reporting.integrity.alerts.v1`, counted in `cp_integrity_alerts_raised_total`, logged. Nobody has
 * to ask about a record for its tampering to be noticed.
 */
@Injectable()
export class IntegritySweep implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private periodic: { stop(): Promise<void> } | null = null;
  private runs = 0;
  private floors = { checkpoints: 0, events: 0 };
  private last: { at: string; outcome: 'completed' | 'failed' | 'skipped'; error?: string } | null = null;

  constructor(
    @Inject(CONFIG)
    private readonly config: Pick<ReportingConfig, 'integritySweepMs'> & Pick<ServiceConfig, 'service'>,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: EventStore,
    private readonly metrics: Metrics,
    private readonly messaging: MessagingLifecycle,
  ) {}

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.reportingIntegrityAlerts);
  }

  onApplicationBootstrap(): void {
    if (!this.config.integritySweepMs) return;
    this.periodic = runPeriodically(
      this.config.integritySweepMs,
      () => this.sweep(),
      (err) => this.logger.error({ err }, 'integrity sweep failed; retrying next tick'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }

  /** When the last sweep ran and how it ended (the alert listing shows it). */
  get lastSweep() {
    return this.last;
  }

  /**
   * One sweep: checks what arrived since the previous one (everything on the first sweep and every
   * FULL_EVERY-th) and stores, publishes and counts the alerts that are new. Returns them.
   */
  async sweep(opts: { full?: boolean } = {}): Promise<IntegrityAlertV1[]> {
    const full = opts.full || this.runs % FULL_EVERY === 0;
    this.runs++;
    const from = full ? { checkpoints: 0, events: 0 } : this.floors;
    try {
      const result = await this.store.transaction(async (sql) => {
        const [{ locked }]: Row[] = await sql.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
          SWEEP_LOCK_KEY,
        ]);
        if (!locked) return null;
        const [top]: Row[] = await sql.query(
          `SELECT (SELECT coalesce(max(position), 0) FROM rm_integrity_checkpoints) AS checkpoints,
                  (SELECT coalesce(max(position), 0) FROM rm_events) AS events`,
        );
        const findings = await findAlerts(sql, from);
        const raised = await this.raise(sql, findings);
        const held: Row[] = await sql.query(
          `SELECT kind, producer, count(*)::int AS n FROM rm_integrity_alerts GROUP BY kind, producer`,
        );
        return { raised, held, top };
      });
      if (!result) {
        this.metrics.integritySweeps.inc({ outcome: 'skipped' });
        this.last = { at: new Date().toISOString(), outcome: 'skipped' };
        return [];
      }
      this.floors = {
        checkpoints: Math.max(0, Number(result.top.checkpoints) - OVERLAP),
        events: Math.max(0, Number(result.top.events) - OVERLAP),
      };
      if (result.raised.length) this.store.notifyOutboxWritten();
      for (const a of result.raised) {
        this.metrics.integrityAlertsRaised.inc({ kind: a.kind, producer: a.producer });
        this.logger.error(
          {
            alertId: a.alertId,
            kind: a.kind,
            producer: a.producer,
            streamId: a.streamId,
            version: a.version,
          },
          `integrity alert: ${a.detail}`,
        );
      }
      for (const h of result.held) {
        this.metrics.integrityAlerts.set({ kind: h.kind, producer: h.producer }, Number(h.n));
      }
      this.metrics.integritySweeps.inc({ outcome: 'completed' });
      this.metrics.integrityLastSweep.set(Date.now() / 1000);
      this.last = { at: new Date().toISOString(), outcome: 'completed' };
      return result.raised;
    } catch (err) {
      this.metrics.integritySweeps.inc({ outcome: 'failed' });
      this.last = { at: new Date().toISOString(), outcome: 'failed', error: (err as Error).message };
      throw err;
    }
  }

  /** Stores the findings not stored yet and puts each new one in the outbox, in the sweep's transaction. */
  private async raise(sql: Sql, findings: AlertFinding[]): Promise<IntegrityAlertV1[]> {
    const unique = [...new Map(findings.map((f) => [f.fingerprint, f])).values()];
    if (unique.length === 0) return [];
    const rows: Row[] = await sql.query(
      `INSERT INTO rm_integrity_alerts (alert_id, fingerprint, kind, producer, stream_id, version, event_id,
         checkpoint_sequence, detail, evidence)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::uuid[],
         $8::int[], $9::text[], $10::jsonb[])
       ON CONFLICT (fingerprint) DO NOTHING
       RETURNING alert_id, kind, producer, stream_id, version, event_id, checkpoint_sequence, detail, detected_at`,
      [
        unique.map(() => randomUUID()),
        unique.map((f) => f.fingerprint),
        unique.map((f) => f.kind),
        unique.map((f) => f.producer),
        unique.map((f) => f.streamId),
        unique.map((f) => f.version),
        unique.map((f) => f.eventId),
        unique.map((f) => f.checkpointSequence),
        unique.map((f) => f.detail),
        unique.map((f) => JSON.stringify(f.evidence)),
      ],
    );
    const alerts = rows.map(toAlert).sort((a, b) => a.detail.localeCompare(b.detail));
    await this.store.enqueue(
      alerts.map((a) =>
        integrationMessage({
          topic: TOPICS.reportingIntegrityAlerts,
          producer: 'reporting',
          type: 'IntegrityAlertRaised',
          event: { eventId: a.alertId, occurredAt: a.detectedAt },
          aggregateId: a.producer,
          aggregateVersion: 1,
          metadata: {
            commandId: a.alertId,
            correlationId: a.alertId,
            causationId: null,
            actor: { id: 'system:integrity-sweep', roles: ['system'], unit: null },
            now: a.detectedAt,
          },
          data: a,
        }),
      ),
      sql,
    );
    return alerts;
  }
}

export function toAlert(r: Row): IntegrityAlertV1 {
  return {
    alertId: String(r.alert_id),
    kind: r.kind as IntegrityAlertKind,
    producer: r.producer as IntegrityAlertV1['producer'],
    streamId: r.stream_id ?? null,
    version: r.version === null || r.version === undefined ? null : Number(r.version),
    eventId: r.event_id ?? null,
    checkpointSequence:
      r.checkpoint_sequence === null || r.checkpoint_sequence === undefined
        ? null
        : Number(r.checkpoint_sequence),
    detail: String(r.detail),
    detectedAt: new Date(r.detected_at).toISOString(),
  };
}

/** Everything the sweep finds among what arrived since `from` (positions), as findings to store. */
export async function findAlerts(
  sql: Sql,
  from: { checkpoints: number; events: number },
): Promise<AlertFinding[]> {
  const out: AlertFinding[] = [];
  const checkpoints: Row[] = await sql.query(CHECKPOINTS_SQL, [from.checkpoints]);
  for (const c of checkpoints) out.push(...checkpointFindings(c));
  const heads: Row[] = await sql.query(HEADS_SQL, [from.checkpoints, from.events]);
  for (const h of heads) out.push(headFinding(h));
  const copy: Row[] = await sql.query(COPY_SQL, [from.events]);
  for (const c of copy) out.push(copyFinding(c));
  const faults: Row[] = await sql.query(FAULTS_SQL, [from.checkpoints]);
  for (const f of faults) out.push(faultFinding(f));
  return out;
}

function checkpointFindings(c: Row): AlertFinding[] {
  const producer = c.producer as AlertFinding['producer'];
  const sequence = Number(c.sequence);
  const name = `checkpoint ${sequence} of ${producer} (digest ${short(c.digest)})`;
  const base = { producer, streamId: null, version: null, eventId: null, checkpointSequence: sequence };
  const evidence = { digest: c.digest, previousDigest: c.previous_digest, keyId: c.key_id };
  const out: AlertFinding[] = [];
  const add = (kind: IntegrityAlertKind, detail: string, key = String(c.digest)) =>
    out.push({ ...base, kind, fingerprint: `${kind}|${producer}|${key}`, detail, evidence });
  if (c.signature_verifies === false) {
    add(
      'signature_invalid',
      `${name} is not signed by ${producer}'s key${c.key_id ? ` (it names key ${c.key_id})` : ' (it carries no signature)'}: it may be forged, and its heads are not trusted`,
    );
  }
  if (!c.digest_verifies) {
    add('digest_mismatch', `${name} does not match its own digest: it was changed after it was made`);
  }
  if (c.claimed_producer !== null && c.claimed_producer !== producer) {
    add(
      'producer_mismatch',
      `${name} arrived on ${producer}'s topic but says it is ${String(c.claimed_producer)}'s: its heads are not trusted`,
    );
  }
  const link = checkpointLink({
    producer,
    sequence,
    digest: c.digest,
    previousDigest: c.previous_digest,
    digestVerifies: true,
    predecessor: c.predecessor_sequence === null ? null : { sequence: Number(c.predecessor_sequence) },
    sameParent: Number(c.same_parent),
  });
  const before = c.before_digest as string | null;
  if (link === 'forked' || Number(c.same_sequence) > 1) {
    add(
      'checkpoint_chain_forked',
      `${name} shares its place in ${producer}'s chain with another checkpoint: ${producer} published two different histories`,
      `${sequence}|${String(c.previous_digest)}`,
    );
  } else if (link === 'broken' || (before !== null && before !== c.previous_digest)) {
    add(
      'checkpoint_chain_broken',
      `${name} does not chain to the checkpoint before it (it names ${short(c.previous_digest)}${before ? `, checkpoint ${sequence - 1} is ${short(before)}` : ''}): checkpoints were removed, reordered or replaced`,
    );
  }
  return out;
}

function headFinding(h: Row): AlertFinding {
  const producer = h.producer as AlertFinding['producer'];
  const stream = String(h.stream_id);
  const version = h.version === null ? null : Number(h.version);
  const sequence = Number(h.sequence);
  const base = { producer, streamId: stream, checkpointSequence: sequence, eventId: h.event_id ?? null };
  const evidence = {
    headHash: h.hash,
    otherHash: h.other_hash,
    otherVersion: h.other_version,
    otherSequence: h.other_sequence,
  };
  switch (h.test as 'copy_at' | 'copy_next' | 'rewritten' | 'went_back' | 'previous') {
    case 'copy_at':
      return {
        ...base,
        kind: 'head_differs_from_copy',
        version,
        fingerprint: `head_differs_from_copy|${producer}|${stream}|${version}|${h.hash}`,
        detail:
          `${producer}'s checkpoint ${sequence} says event ${version} of ${stream} has hash ${short(h.hash)}, ` +
          `but reporting's copy of it (published with the event) has ${short(h.other_hash)}: the stream was rewritten, hashes recomputed`,
        evidence,
      };
    case 'copy_next':
      return {
        ...base,
        kind: 'head_differs_from_copy',
        version,
        fingerprint: `head_differs_from_copy|${producer}|${stream}|${version}|${h.hash}`,
        detail:
          `${producer}'s checkpoint ${sequence} says event ${version} of ${stream} has hash ${short(h.hash)}, ` +
          `but in reporting's copy event ${Number(h.other_version)} links to ${short(h.other_hash)}: the stream was rewritten, hashes recomputed`,
        evidence,
      };
    case 'rewritten':
      return {
        ...base,
        kind: 'head_rewritten',
        version,
        fingerprint: `head_rewritten|${producer}|${stream}|${version}|${h.hash}`,
        detail:
          `${producer}'s checkpoint ${sequence} publishes event ${version} of ${stream} with hash ${short(h.hash)}, ` +
          `where its checkpoint ${Number(h.other_sequence)} had published ${short(h.other_hash)}: the history under it was rewritten`,
        evidence,
      };
    case 'went_back':
      return {
        ...base,
        kind: 'head_went_back',
        version: (version ?? 0) + 1,
        fingerprint: `head_went_back|${producer}|${stream}|${(version ?? 0) + 1}|${sequence}`,
        detail:
          `${producer}'s checkpoint ${sequence} says ${stream} ends at version ${version}, but its checkpoint ` +
          `${Number(h.other_sequence)} had published version ${Number(h.other_version)}: events from version ${(version ?? 0) + 1} on were deleted`,
        evidence,
      };
    case 'previous':
      return {
        ...base,
        kind: 'history_rewritten',
        version,
        fingerprint: `history_rewritten|${producer}|${stream}|${version}|${h.hash ?? 'gone'}`,
        detail:
          `${producer}'s checkpoint ${sequence} says ${stream} now holds ${h.hash ? `hash ${short(h.hash)}` : 'nothing'} at version ${version}, ` +
          `which ${h.other_sequence === null ? "reporting's copy" : `its checkpoint ${Number(h.other_sequence)}`} had as ${short(h.other_hash)}: the history under a published head was rewritten or deleted`,
        evidence,
      };
  }
}

function copyFinding(c: Row): AlertFinding {
  const producer = c.producer as AlertFinding['producer'];
  const stream = String(c.stream_id);
  const version = Number(c.version);
  const base = { producer, streamId: stream, version, eventId: String(c.event_id), checkpointSequence: null };
  const evidence = { hash: c.hash, otherEventId: c.other_event_id, otherHash: c.other_hash };
  if (c.test === 'conflict') {
    return {
      ...base,
      kind: 'copy_conflict',
      fingerprint: `copy_conflict|${producer}|${stream}|${version}`,
      detail: `${producer} published two different events at version ${version} of ${stream} (${String(c.event_id)} and ${String(c.other_event_id)}): its history was rewritten after the first was published`,
      evidence,
    };
  }
  return {
    ...base,
    kind: 'copy_chain_broken',
    fingerprint: `copy_chain_broken|${producer}|${stream}|${version}`,
    detail: `in the events ${producer} published, event ${version} of ${stream} links to ${short(c.hash)} but event ${version - 1} has hash ${short(c.other_hash)}: an event was altered or replaced before it was published`,
    evidence,
  };
}

function faultFinding(f: Row): AlertFinding {
  const producer = f.producer as AlertFinding['producer'];
  const fault = f.fault as { streamId: string; version: number; eventId: string | null; reason: string };
  return {
    kind: 'producer_fault',
    producer,
    streamId: fault.streamId,
    version: fault.version,
    eventId: fault.eventId ?? null,
    checkpointSequence: Number(f.sequence),
    fingerprint: `producer_fault|${producer}|${fault.streamId}|${fault.version}|${fault.reason}`,
    detail: `${producer} reports in its signed checkpoint ${Number(f.sequence)} that event ${fault.version} of ${fault.streamId} no longer verifies in its database (${fault.reason})`,
    evidence: { fault },
  };
}
