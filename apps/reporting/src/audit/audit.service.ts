import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import { caseReadUnits, type AuthUser } from '@cp/auth';
import { DomainError } from '@cp/contracts';
import {
  buildTimeline,
  interleave,
  snapshotOf,
  stateOf,
  toTimelineRead,
  type CaseEventInput,
  type TimelineRead,
} from './case-trail';
import { covers } from '../jurisdiction';
import { AuditQueryLog } from './audit-query-log';
import { searchFilters, visibleIn, toItem, notFound, encodeCursor, decodeCursor } from './audit-rows';
import type { AuditPage, AuditSearch, CaseTimeline } from './audit.types';
import { isAdminOnly, isCommuneRole, isOversight, unitScope, type UnitScope } from './audit-scope';

export type * from './audit.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
type Row = Record<string, any>;

const DEFAULT_LIMIT = 100;
const iso = (v: unknown): string => new Date(v as string).toISOString();
/** Microsecond instant as text: the cursor must compare exactly with the stored timestamps. */
const AT_KEY = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The audit trail over reporting's copies: `rm_events` (every event of intake and casework) and
 * `rm_access` (every read of a child's record). Jurisdiction is by case: a case is within a user's units
 * when any of its events concerns one of them (so its whole trail is, including reads projected before
 * its events); a row without a case by its own units. Out-of-jurisdiction rows are simply not found.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly ds: DataSource,
    private readonly queries: AuditQueryLog,
    private readonly units: AdminUnits,
  ) {}

  async search(user: AuthUser, q: AuditSearch): Promise<AuditPage> {
    const adminOnly = isAdminOnly(user);
    if (adminOnly && !q.actorId) {
      throw new DomainError(
        'AUDIT.ACTOR_REQUIRED',
        'actorId: as admin you may search the audit trail by person (actorId) for a security review.',
        'forbidden',
        { field: 'actorId' },
      );
    }
    let scope: UnitScope = unitScope(user.units, this.units);
    if (q.unit) {
      if (!covers(this.units, user.units, q.unit)) {
        throw new DomainError(
          'AUDIT.OUT_OF_JURISDICTION',
          `unit: you do not act for unit ${q.unit}; search within ${user.units.join(', ') || '(none)'}.`,
          'forbidden',
          { field: 'unit' },
        );
      }
      // A unit within the user's own: searching it is also the whole jurisdiction check.
      scope = unitScope([q.unit], this.units);
    }
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const limit = q.limit ?? DEFAULT_LIMIT;
    const kind = q.kind ?? 'all';
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const common = (alias: string, at: string, id: string): string[] => {
      const where: string[] = [];
      if (q.caseId) where.push(`${alias}.case_id = ${p(q.caseId)}::uuid`);
      if (q.contactId) where.push(`${alias}.contact_id = ${p(q.contactId)}::uuid`);
      if (q.actorId) where.push(`${alias}.actor_id = ${p(q.actorId)}`);
      if (q.from) where.push(`${at} >= ${p(q.from)}::timestamptz`);
      if (q.to) where.push(`${at} < ${p(q.to)}::timestamptz`);
      if (cursor) where.push(`(${at}, ${id}) > (${p(cursor.at)}::timestamptz, ${p(cursor.id)})`);
      if (!scope.national) where.push(visibleIn(alias, p(scope.codes)));
      return where;
    };
    const branches: string[] = [];
    if (kind === 'all' || kind === 'event') {
      const w = common('e', 'e.occurred_at', 'e.event_id::text');
      branches.push(`(SELECT 'event' AS kind, e.event_id::text AS id, e.occurred_at AS at, ${AT_KEY('e.occurred_at')} AS at_key,
          e.producer, e.type AS what, CASE WHEN e.producer = 'casework' THEN 'case' ELSE 'contact' END AS record_kind,
          e.aggregate_id AS record_id, e.aggregate_version AS record_version, e.case_id, e.contact_id,
          e.actor_id, e.actor_roles, e.actor_unit, e.units, e.data, NULL::text AS view, NULL::text[] AS fields,
          NULL::timestamptz AS as_at, NULL::text AS outcome, NULL::integer AS results
        FROM rm_events e ${w.length ? `WHERE ${w.join(' AND ')}` : ''}
        ORDER BY e.occurred_at, e.event_id::text LIMIT ${p(limit + 1)})`);
    }
    if (kind === 'all' || kind === 'access') {
      const w = common('a', 'a.at', 'a.access_id::text');
      branches.push(`(SELECT 'access' AS kind, a.access_id::text AS id, a.at, ${AT_KEY('a.at')} AS at_key,
          a.producer, 'read:' || a.view AS what, a.record_kind, a.record_id, a.record_version, a.case_id, a.contact_id,
          a.actor_id, a.actor_roles, a.actor_unit, a.units, NULL::jsonb AS data, a.view, a.fields, a.as_at,
          a.outcome, a.results
        FROM rm_access a ${w.length ? `WHERE ${w.join(' AND ')}` : ''}
        ORDER BY a.at, a.access_id::text LIMIT ${p(limit + 1)})`);
    }
    // The trail's own trail only when asked for: an inspector's searches would otherwise fill their results.
    if (kind === 'audit_query') {
      const w = common('q', 'q.at', 'q.query_id::text');
      branches.push(`(SELECT 'audit_query' AS kind, q.query_id::text AS id, q.at, ${AT_KEY('q.at')} AS at_key,
          'reporting' AS producer, 'audit:' || q.route AS what, 'audit' AS record_kind,
          coalesce(q.case_id::text, q.query_id::text) AS record_id, 0 AS record_version, q.case_id, q.contact_id,
          q.actor_id, q.actor_roles, q.actor_unit, q.units, q.filters AS data, q.route AS view,
          NULL::text[] AS fields, NULL::timestamptz AS as_at, q.outcome, q.results
        FROM rp_audit_queries q ${w.length ? `WHERE ${w.join(' AND ')}` : ''}
        ORDER BY q.at, q.query_id::text LIMIT ${p(limit + 1)})`);
    }
    // The previous event of the same case is looked up for the page only (to show what a step changed).
    const rows: Row[] = await this.ds.query(
      `WITH page AS (SELECT * FROM (${branches.join(' UNION ALL ')}) u ORDER BY at, id LIMIT ${p(limit + 1)})
       SELECT page.*, prev.type AS prev_type, prev.data AS prev_data
       FROM page LEFT JOIN LATERAL (
         SELECT x.type, x.data FROM rm_events x
         WHERE page.kind = 'event' AND page.producer = 'casework' AND x.producer = 'casework'
           AND x.case_id = page.case_id AND x.aggregate_version < page.record_version
         ORDER BY x.aggregate_version DESC LIMIT 1
       ) prev ON true
       ORDER BY page.at, page.id`,
      params,
    );
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const items = pageRows.map((r) => toItem(r, adminOnly));
    const last = pageRows[pageRows.length - 1];
    // The search itself is recorded before its answer leaves (the trail's own trail).
    await this.queries.record(user, {
      route: 'search',
      outcome: 'granted',
      caseId: q.caseId ?? null,
      contactId: q.contactId ?? null,
      filters: searchFilters(q),
      units: scope.national ? ['VN'] : scope.codes,
      results: items.length,
    });
    return {
      count: items.length,
      items,
      nextCursor: more && last ? encodeCursor({ at: String(last.at_key), id: String(last.id) }) : null,
    };
  }

  /**
   * Each step of a case in order with the state after it, what changed and the deadlines it met or missed;
   * with `includeReads`, the reads of the case interleaved. `at`: the timeline as known at that instant.
   */
  async timeline(
    user: AuthUser,
    caseId: string,
    opts: { at?: string; includeReads?: boolean } = {},
  ): Promise<CaseTimeline> {
    const oversight = isOversight(user);
    if (opts.includeReads && !oversight) {
      throw new DomainError(
        'AUDIT.READS_NOT_ALLOWED',
        'includeReads: who read a case is for inspectors and provincial officers; ask without includeReads.',
        'forbidden',
        { field: 'includeReads' },
      );
    }
    const rows: Row[] = await this.ds.query(
      `SELECT event_id, type, aggregate_version, occurred_at, actor_id, actor_roles, actor_unit, units, data
       FROM rm_events WHERE case_id = $1 AND producer = 'casework'
       ORDER BY aggregate_version, occurred_at, position`,
      [caseId],
    );
    const all: CaseEventInput[] = rows.map((r) => ({
      eventId: String(r.event_id),
      version: Number(r.aggregate_version),
      type: String(r.type),
      occurredAt: iso(r.occurred_at),
      actor: { id: String(r.actor_id), roles: r.actor_roles ?? [], unit: r.actor_unit ?? null },
      data: r.data,
    }));
    if (!all.length || !this.mayReadCase(user, all, rows)) throw notFound(caseId, opts.at);
    const atMs = opts.at ? Date.parse(opts.at) : null;
    const known = atMs === null ? all : all.filter((e) => Date.parse(e.occurredAt) <= atMs);
    if (!known.length) throw notFound(caseId, opts.at);
    const steps = buildTimeline(known);
    let reads: TimelineRead[] = [];
    if (opts.includeReads) {
      const accessRows: Row[] = await this.ds.query(
        `SELECT access_id, at, actor_id, actor_roles, actor_unit, record_kind, record_id, view, fields, as_at
         FROM rm_access WHERE case_id = $1 AND ($2::timestamptz IS NULL OR at <= $2::timestamptz)
         ORDER BY at, access_id`,
        [caseId, opts.at ?? null],
      );
      reads = accessRows.map((r) =>
        toTimelineRead({
          accessId: String(r.access_id),
          at: iso(r.at),
          actor: { id: String(r.actor_id), roles: r.actor_roles ?? [], unit: r.actor_unit ?? null },
          recordKind: String(r.record_kind),
          recordId: String(r.record_id),
          view: String(r.view),
          fields: r.fields ?? [],
          asAt: r.as_at ? iso(r.as_at) : null,
        }),
      );
    }
    await this.queries.record(user, {
      route: 'timeline',
      outcome: 'granted',
      caseId,
      filters: { at: opts.at ?? null, includeReads: opts.includeReads ?? false },
      units: [...new Set(rows.flatMap((r) => (r.units as string[] | null) ?? []))],
      results: steps.length + reads.length,
    });
    const lastWithState = [...known].reverse().find((e) => snapshotOf(e.type, e.data));
    const snapshot = lastWithState ? snapshotOf(lastWithState.type, lastWithState.data) : null;
    return {
      caseId,
      asAt: opts.at ?? null,
      version: known[known.length - 1].version,
      state: snapshot ? stateOf(snapshot) : null,
      deadlines: (snapshot?.deadlines ?? []).map((d) => ({
        id: d.id,
        kind: d.kind,
        dueAt: d.dueAt,
        status: d.status,
        metAt: d.metAt ?? null,
        missedAt: d.missedAt ?? null,
        policyVersion: d.policyVersion,
        rule: d.rule,
      })),
      timeline: interleave(steps, reads),
    };
  }

  /**
   * Oversight roles: any commune the case ever concerned is within their units. Commune roles: the case
   * as it stands now is carried by, happened in, or concerns a child living in one of their communes.
   */
  private mayReadCase(user: AuthUser, events: CaseEventInput[], rows: Row[]): boolean {
    const acting = caseReadUnits(user);
    const covered = (codes: Array<string | null | undefined>) =>
      codes.some((c) => !!c && covers(this.units, acting, c));
    if (isOversight(user)) {
      const codes = rows.flatMap((r) => (r.units as string[] | null) ?? []);
      for (const e of events) {
        const s = snapshotOf(e.type, e.data);
        if (s) codes.push(s.carryingCommuneCode, s.incidentCommuneCode, s.residenceCommuneCode ?? '');
      }
      if (covered(codes)) return true;
    }
    if (isCommuneRole(user)) {
      const latest = [...events].reverse().find((e) => snapshotOf(e.type, e.data));
      const s = latest ? snapshotOf(latest.type, latest.data) : null;
      if (s && covered([s.carryingCommuneCode, s.incidentCommuneCode, s.residenceCommuneCode])) return true;
    }
    return false;
  }
}
