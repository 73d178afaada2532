import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@cp/auth';
import { currentContext } from '@cp/observability';
import { RefusedReadRecorder, type RefusedRead } from '@cp/platform';

/** One search of the audit trail, or one case timeline, as reporting answered it. */
export interface AuditQuery {
  route: 'search' | 'timeline';
  outcome: 'granted' | 'refused';
  caseId?: string | null;
  contactId?: string | null;
  /** What the reader filtered on: ids, units, times, kinds (never a person's data). */
  filters: Record<string, unknown>;
  /** The units the query covered (the reader's, or the one asked for; a case's for a timeline). */
  units: string[];
  results?: number | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit trail's own trail (`rp_audit_queries`, append-only for the service's role): who searched it or
 * asked for a case's timeline, with which filters, how many rows they got — or that they were refused.
 * Written before the answer leaves: a query that cannot be recorded fails.
 */
@Injectable()
export class AuditQueryLog extends RefusedReadRecorder {
  constructor(private readonly ds: DataSource) {
    super();
  }

  async record(user: AuthUser, q: AuditQuery): Promise<void> {
    await this.ds.query(
      `INSERT INTO rp_audit_queries (query_id, route, outcome, actor_id, actor_roles, actor_unit, units,
         case_id, contact_id, filters, results, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        randomUUID(),
        q.route,
        q.outcome,
        user.sub,
        user.roles,
        user.units[0] ?? null,
        [...new Set(q.units)],
        q.caseId ?? null,
        q.contactId ?? null,
        JSON.stringify(q.filters),
        q.results ?? null,
        currentContext()?.correlationId ?? null,
      ],
    );
  }

  /** A search of the trail or a timeline that was answered 403 or 404. */
  async recordRefusal(refused: RefusedRead): Promise<void> {
    const path = refused.path.replace(/\/+$/, '');
    const timeline = /^\/api\/v1\/audit\/cases\/([^/]+)\/timeline$/.exec(path);
    if (path !== '/api/v1/audit' && !timeline) return;
    const caseId = timeline && UUID.test(timeline[1]) ? timeline[1].toLowerCase() : null;
    await this.record(refused.user, {
      route: timeline ? 'timeline' : 'search',
      outcome: 'refused',
      caseId,
      filters: { refusal: refused.code },
      units: refused.user.units,
    });
  }
}
