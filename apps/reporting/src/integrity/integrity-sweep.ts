import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TOPICS, type IntegrityAlertV1 } from '@cp/contracts';
import { EventStore, type Sql } from '@cp/event-store';
import { Metrics, type Logger } from '@cp/observability';
import {
  CONFIG,
  LOGGER,
  MessagingLifecycle,
  integrationMessage,
  PeriodicTask,
  type ServiceConfig,
} from '@cp/platform';
import type { ReportingConfig } from '../config';
import { type AlertFinding, toAlert, findAlerts } from './integrity-sweep-findings';

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
export class IntegritySweep extends PeriodicTask implements OnModuleInit {
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
  ) {
    super(config.integritySweepMs, (err) =>
      logger.error({ err }, 'integrity sweep failed; retrying next tick'),
    );
  }

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.reportingIntegrityAlerts);
  }

  protected runOnce(): Promise<IntegrityAlertV1[]> {
    return this.sweep();
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
