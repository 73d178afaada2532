import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AUDIT_ACCESS_TOPICS, type IntegrationEnvelope, type RecordAccessedV1 } from '@cp/contracts';
import type { Sql } from '@cp/event-store';
import { MessagingLifecycle } from '@cp/platform';
import { LIVE, type Projection, type TableName } from '../projections/projection';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v : null);

/** The access topics of every service that records reads (`cp.<service>.audit.access.v1`). */
const ACCESS_TOPICS = Object.values(AUDIT_ACCESS_TOPICS);

/**
 * Projects every read of a child's record (`RecordAccessed` on each service's access topic) into
 * `rm_access`. The service that recorded a read is the one the topic belongs to: only it may write there,
 * and the consumer refuses a message whose envelope claims otherwise (MessagingLifecycle).
 * Idempotent: the inbox dedupes by event id, and the row's key is the access id. A projection never rejects
 * a recorded fact: an access that names no valid case or contact id is kept with those left empty.
 *
 * The units of the record are those of the case's (or contact's) copied events and caseload row at the
 * time of projection. A read can arrive before its case's events (two topics, two consumers): the audit
 * search therefore also decides jurisdiction through the case at query time, and `units` here serve
 * display and the fast path.
 */
@Injectable()
export class AccessProjection implements Projection, OnModuleInit {
  readonly name = 'access';
  readonly tables = ['rm_access'] as const;
  readonly topics = ACCESS_TOPICS;

  constructor(private readonly messaging: MessagingLifecycle) {}

  onModuleInit(): void {
    this.messaging.consume(
      'audit-access',
      ACCESS_TOPICS,
      (env, ctx) => this.applyBatch([env], ctx.sql, LIVE),
      (envs, ctx) => this.applyBatch(envs, ctx.sql, LIVE),
    );
  }

  async applyBatch(envelopes: readonly IntegrationEnvelope[], sql: Sql, t: TableName): Promise<void> {
    for (const env of envelopes) {
      if (env.type !== 'RecordAccessed') continue;
      await this.apply(env as IntegrationEnvelope<'RecordAccessed', RecordAccessedV1>, sql, t);
    }
  }

  private async apply(
    env: IntegrationEnvelope<'RecordAccessed', RecordAccessedV1>,
    sql: Sql,
    t: TableName,
  ): Promise<void> {
    const d = env.data ?? ({} as RecordAccessedV1);
    const recordKind = d.recordKind === 'contact' || d.recordKind === 'search' ? d.recordKind : 'case';
    const recordId = String(d.recordId ?? env.aggregateId);
    const caseId = uuidOrNull(d.caseId) ?? (recordKind === 'case' ? uuidOrNull(recordId) : null);
    const contactId = recordKind === 'contact' ? uuidOrNull(recordId) : null;
    const fields = Array.isArray(d.fields) ? d.fields.map(String) : [];
    const outcome = d.outcome === 'refused' ? 'refused' : 'granted';
    const tokens = Array.isArray(d.query?.blindTokens) ? d.query.blindTokens.map(String).slice(0, 50) : null;
    const results = Number.isInteger(d.results) ? d.results : null;
    await sql.query(
      `WITH c AS (
         -- A contact read belongs to the case the contact became, when reporting knows it.
         SELECT coalesce($6::uuid, (
           SELECT e.case_id FROM rm_events e
           WHERE $7::uuid IS NOT NULL AND e.contact_id = $7::uuid AND e.case_id IS NOT NULL
           ORDER BY e.position DESC LIMIT 1)) AS case_id
       ), u AS (
         SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') AS units FROM (
           SELECT unnest(e.units) AS x FROM rm_events e, c WHERE e.case_id = c.case_id
           UNION SELECT unnest(e.units) FROM rm_events e WHERE $7::uuid IS NOT NULL AND e.contact_id = $7::uuid
           UNION SELECT k.commune_code::text FROM rm_caseload k, c WHERE k.case_id = c.case_id
           UNION SELECT k.province_code::text FROM rm_caseload k, c WHERE k.case_id = c.case_id
         ) s WHERE x IS NOT NULL AND x <> ''
       )
       INSERT INTO ${t('rm_access')} (access_id, event_id, producer, record_kind, record_id, record_version, case_id,
         contact_id, view, fields, as_at, at, actor_id, actor_roles, actor_unit, units, correlation_id,
         outcome, query_tokens, results)
       SELECT $1, $2, $3, $4, $5, $8, c.case_id, $7, $9, $10, $11, $12, $13, $14, $15, u.units, $16, $17, $18, $19
       FROM c, u
       ON CONFLICT (access_id) DO NOTHING`,
      [
        uuidOrNull(d.accessId) ?? env.eventId,
        env.eventId,
        env.producer,
        recordKind,
        recordId,
        caseId,
        contactId,
        Number.isInteger(env.aggregateVersion) ? env.aggregateVersion : 0,
        String(d.view ?? 'unknown'),
        fields,
        d.asAt ?? null,
        d.at ?? env.occurredAt,
        env.actor?.id ?? 'unknown',
        env.actor?.roles ?? [],
        env.actor?.unit ?? null,
        env.correlationId ?? null,
        outcome,
        tokens,
        results,
      ],
    );
  }
}
