import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AdminUnits, NATIONAL_UNIT } from '@cp/admin-units';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { unitCondition, unitFor, unitName } from '../jurisdiction';
import { parsePeriod } from '../statistics/period';
import { StatisticsQueryDto, STATISTICS_READERS } from '../statistics/statistics.controller';

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

@ApiTags('caseload')
@ApiBearerAuth()
@Controller()
export class DashboardController {
  constructor(
    private readonly ds: DataSource,
    private readonly units: AdminUnits,
  ) {}

  @Get('dashboard')
  @Roles(...STATISTICS_READERS)
  @ApiOperation({
    summary:
      'Open cases by step and level, deadlines met and missed in the period, the oldest overdue items, and the units below',
  })
  async dashboard(@CurrentUser() user: AuthUser, @Query() q: StatisticsQueryDto) {
    const unit = unitFor(this.units, user, q.unit);
    const period = q.period || q.from || q.to ? parsePeriod(q.period, q.from, q.to) : lastDays(90);
    const p1: unknown[] = [];
    const open: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT status, coalesce(level, 'undecided') AS level, count(*)::int AS n,
              count(*) FILTER (WHERE missed_count > 0 OR next_due_at < now())::int AS overdue
       FROM rm_caseload WHERE status <> 'closed' AND ${unitCondition(unit, p1)} GROUP BY 1, 2 ORDER BY 1, 2`,
      p1,
    );
    const p2: unknown[] = [period.from, period.to];
    const deadlines: Array<Record<string, unknown>> = await this.ds.query(
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
    const overdue: Array<Record<string, unknown>> = await this.ds.query(
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
        : await this.ds.query(
            `SELECT ${groupBy} AS code, count(*) FILTER (WHERE status <> 'closed')::int AS open,
                  count(*) FILTER (WHERE status <> 'closed' AND (missed_count > 0 OR next_due_at < now()))::int AS overdue,
                  count(*)::int AS total
           FROM rm_caseload WHERE ${unitCondition(unit, p4)} GROUP BY 1 ORDER BY overdue DESC, open DESC, 1`,
            p4,
          );
    return {
      unit,
      unitName: unitName(this.units, unit),
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
        name: unitName(this.units, String(r.code)),
        open: r.open,
        overdue: r.overdue,
        total: r.total,
      })),
    };
  }
}

function lastDays(days: number) {
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  return parsePeriod(undefined, from.toISOString(), to.toISOString());
}
