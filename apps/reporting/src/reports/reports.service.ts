import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminUnits, NATIONAL_UNIT } from '@cp/admin-units';
import { unitCondition, unitName } from '../jurisdiction';
import { previousYear, type Period } from '../statistics/period';
import { StatisticsService } from '../statistics/statistics.service';
import { buildPeriodicReport } from './report-builder';
import type { PeriodicReport, ReportUnit } from './report.model';

/** Builds a unit's periodic report for a period, with figures as known at a given instant. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly stats: StatisticsService,
    private readonly units: AdminUnits,
    private readonly ds: DataSource,
  ) {}

  async periodic(unit: string, period: Period, asKnownAt: string, now = new Date()): Promise<PeriodicReport> {
    const comparison = previousYear(period);
    const [current, previous, carried] = await Promise.all([
      this.stats.compute({ unit, from: period.from, to: period.to, asKnownAt }),
      this.stats.compute({ unit, from: comparison.from, to: comparison.to, asKnownAt }),
      this.carriedOver(unit),
    ]);
    return buildPeriodicReport({
      unit: this.reportUnit(unit),
      period,
      comparison,
      current,
      previous,
      carriedOver: carried,
      unitName: (code) => unitName(this.units, code),
      generatedAt: now.toISOString(),
    });
  }

  private reportUnit(code: string): ReportUnit {
    if (code === NATIONAL_UNIT) return { code, name: 'Việt Nam', level: 'nation', parentName: null };
    const u = this.units.get(code)!;
    return {
      code,
      name: u.name,
      level: u.level,
      parentName: u.parent ? (this.units.get(u.parent)?.name ?? null) : null,
    };
  }

  private async carriedOver(unit: string): Promise<{ open: number; overdue: number }> {
    const params: unknown[] = [];
    const [row]: Array<{ open: number; overdue: number }> = await this.ds.query(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE missed_count > 0 OR next_due_at < now())::int AS overdue
       FROM rm_caseload WHERE status <> 'closed' AND ${unitCondition(unit, params)}`,
      params,
    );
    return row;
  }
}
