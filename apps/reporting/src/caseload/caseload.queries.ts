import { Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AdminUnits, NATIONAL_UNIT } from '@cp/admin-units';
import { caseReadUnits, type AuthUser } from '@cp/auth';
import { DomainError } from '@cp/contracts';
import { covers, unitCondition, unitFor, unitName } from '../jurisdiction';
import { parsePeriod } from '../statistics/period';
import type { StatisticsQueryDto } from '../statistics/statistics.controller';
import type { CaseloadQueryDto } from './caseload.dto';

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

/** A read by `user` with the request's filters `q`. */
abstract class CaseloadRead<Q, R> extends Query<R> {
  constructor(
    readonly user: AuthUser,
    readonly q: Q,
  ) {
    super();
  }
}

/** The caseload of a commune, a province or the nation, as `user` may count it. */
export class CaseloadQuery extends CaseloadRead<CaseloadQueryDto, Awaited<ReturnType<typeof readCaseload>>> {}

/** Open cases by step and level, deadlines met and missed in the period, the oldest overdue, the units below. */
export class DashboardQuery extends CaseloadRead<
  StatisticsQueryDto,
  Awaited<ReturnType<typeof readDashboard>>
> {}

/** The handlers of both reads answer from the database, within the units of the tree. */
@Injectable()
abstract class CaseloadReadHandler {
  constructor(
    protected readonly ds: DataSource,
    protected readonly units: AdminUnits,
  ) {}
}

@QueryHandler(CaseloadQuery)
export class CaseloadHandler extends CaseloadReadHandler implements IQueryHandler<CaseloadQuery> {
  execute({ user, q }: CaseloadQuery) {
    return readCaseload(this.ds, this.units, user, q);
  }
}

@QueryHandler(DashboardQuery)
export class DashboardHandler extends CaseloadReadHandler implements IQueryHandler<DashboardQuery> {
  execute({ user, q }: DashboardQuery) {
    return readDashboard(this.ds, this.units, user, q);
  }
}

/** The caseload list: a commune role counts only its communes (a province or VN on its token gives it nothing). */
async function readCaseload(ds: DataSource, units: AdminUnits, user: AuthUser, q: CaseloadQueryDto) {
  // A commune role counts only its communes (a province or VN on its token gives it nothing).
  const acting = caseReadUnits(user);
  const unit = q.unit ?? acting[0];
  if (!unit || !covers(units, acting, unit)) {
    throw new DomainError(
      'CASELOAD.OUT_OF_JURISDICTION',
      `You do not act for unit ${unit ?? '(none)'}.`,
      'forbidden',
    );
  }
  const where: string[] = [];
  const params: unknown[] = [];
  if (unit.length === 5) {
    params.push(unit);
    where.push(`commune_code = $${params.length}`);
  } else if (unit.length === 2) {
    params.push(unit);
    where.push(`province_code = $${params.length}`);
  }
  if (q.status) {
    params.push(q.status);
    where.push(`status = $${params.length}`);
  }
  if (q.level) {
    params.push(q.level);
    where.push(`level = $${params.length}`);
  }
  if (q.form) {
    params.push(q.form);
    where.push(`$${params.length} = ANY(concerns)`);
  }
  if (q.worker) {
    params.push(q.worker === 'me' ? user.sub : q.worker);
    where.push(`assigned_worker_id = $${params.length}`);
  }
  // Overdue: a deadline was reported missed and not met since, or the next one is already past.
  if (q.overdue) where.push(`(missed_count > 0 OR next_due_at < now())`);
  params.push(q.limit ?? 100);
  const rows: Array<Record<string, unknown>> = await ds.query(
    `SELECT case_id, commune_code, province_code, status, level, urgent, concerns, source_kind, contact_id,
            received_at, opened_at, initial_assessment_due_at, next_due_at, missed_count, assigned_worker_id,
            case_version
     FROM rm_caseload ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY received_at DESC LIMIT $${params.length}`,
    params,
  );
  return {
    unit,
    count: rows.length,
    items: rows.map((r) => ({
      caseId: r.case_id,
      communeCode: String(r.commune_code),
      provinceCode: String(r.province_code),
      status: r.status,
      level: r.level,
      urgent: r.urgent,
      concerns: r.concerns,
      source: r.source_kind,
      contactId: r.contact_id,
      receivedAt: new Date(r.received_at as string).toISOString(),
      openedAt: new Date(r.opened_at as string).toISOString(),
      initialAssessmentDueAt: r.initial_assessment_due_at
        ? new Date(r.initial_assessment_due_at as string).toISOString()
        : null,
      nextDueAt: r.next_due_at ? new Date(r.next_due_at as string).toISOString() : null,
      missedDeadlines: Number(r.missed_count),
      assignedWorkerId: r.assigned_worker_id,
      version: r.case_version,
    })),
  };
}

/** The dashboard: open cases, deadlines of the period, the oldest overdue, the units below. */
async function readDashboard(ds: DataSource, units: AdminUnits, user: AuthUser, q: StatisticsQueryDto) {
  const unit = unitFor(units, user, q.unit);
  const period = q.period || q.from || q.to ? parsePeriod(q.period, q.from, q.to) : lastDays(90);
  const p1: unknown[] = [];
  const open: Array<Record<string, unknown>> = await ds.query(
    `SELECT status, coalesce(level, 'undecided') AS level, count(*)::int AS n,
            count(*) FILTER (WHERE missed_count > 0 OR next_due_at < now())::int AS overdue
     FROM rm_caseload WHERE status <> 'closed' AND ${unitCondition(unit, p1)} GROUP BY 1, 2 ORDER BY 1, 2`,
    p1,
  );
  const p2: unknown[] = [period.from, period.to];
  const deadlines: Array<Record<string, unknown>> = await ds.query(
    `SELECT deadline_kind AS kind,
            count(*) FILTER (WHERE fact = 'deadline_met' AND outcome = 'on_time')::int AS met,
            count(*) FILTER (WHERE fact = 'deadline_met' AND outcome = 'late')::int AS late,
            count(*) FILTER (WHERE fact = 'deadline_missed')::int AS missed
     FROM rm_stat_facts
     WHERE fact IN ('deadline_met', 'deadline_missed') AND occurred_at >= $1 AND occurred_at < $2
       AND ${unitCondition(unit, p2)}
     GROUP BY 1 ORDER BY 1`,
    p2,
  );
  const p3: unknown[] = [];
  const overdue: Array<Record<string, unknown>> = await ds.query(
    `SELECT c.case_id, c.commune_code, c.status, c.level, c.assigned_worker_id, d->>'kind' AS kind,
            (d->>'dueAt')::timestamptz AS due_at, d->>'status' AS deadline_status
     FROM rm_caseload c CROSS JOIN LATERAL jsonb_array_elements(c.open_deadlines) d
     WHERE c.status <> 'closed' AND (d->>'dueAt')::timestamptz < now() AND ${unitCondition(unit, p3)}
     ORDER BY due_at ASC LIMIT 10`,
    p3,
  );
  const groupBy = unit === NATIONAL_UNIT ? 'province_code' : 'commune_code';
  const p4: unknown[] = [];
  const below: Array<Record<string, unknown>> =
    unit.length === 5
      ? []
      : await ds.query(
          `SELECT ${groupBy} AS code, count(*) FILTER (WHERE status <> 'closed')::int AS open,
                count(*) FILTER (WHERE status <> 'closed' AND (missed_count > 0 OR next_due_at < now()))::int AS overdue,
                count(*)::int AS total
         FROM rm_caseload WHERE ${unitCondition(unit, p4)} GROUP BY 1 ORDER BY overdue DESC, open DESC, 1`,
          p4,
        );
  return {
    unit,
    unitName: unitName(units, unit),
    period,
    openCases: {
      total: open.reduce((s, r) => s + Number(r.n), 0),
      overdue: open.reduce((s, r) => s + Number(r.overdue), 0),
      byStepAndLevel: open.map((r) => ({ step: r.status, level: r.level, count: r.n, overdue: r.overdue })),
    },
    deadlines: deadlines.map((r) => ({
      kind: r.kind,
      metOnTime: r.met,
      metLate: r.late,
      missed: r.missed,
    })),
    oldestOverdue: overdue.map((r) => ({
      caseId: r.case_id,
      communeCode: String(r.commune_code),
      step: r.status,
      level: r.level,
      assignedWorkerId: r.assigned_worker_id,
      deadline: r.kind,
      deadlineStatus: r.deadline_status,
      dueAt: iso(r.due_at),
    })),
    units: below.map((r) => ({
      code: String(r.code),
      name: unitName(units, String(r.code)),
      open: r.open,
      overdue: r.overdue,
      total: r.total,
    })),
  };
}

function lastDays(days: number) {
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  return parsePeriod(undefined, from.toISOString(), to.toISOString());
}
