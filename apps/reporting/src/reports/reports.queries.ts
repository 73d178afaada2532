import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Period } from '../statistics/period';
import type { PeriodicReport } from './report.model';
import { ReportsService } from './reports.service';

/** The half-year or annual report of a unit, as known at an instant (rendered by the controller). */
export class PeriodicReportQuery extends Query<PeriodicReport> {
  constructor(
    readonly unit: string,
    readonly period: Period,
    readonly asKnownAt: string,
  ) {
    super();
  }
}

@QueryHandler(PeriodicReportQuery)
export class PeriodicReportHandler implements IQueryHandler<PeriodicReportQuery> {
  constructor(private readonly reports: ReportsService) {}

  execute({ unit, period, asKnownAt }: PeriodicReportQuery): Promise<PeriodicReport> {
    return this.reports.periodic(unit, period, asKnownAt);
  }
}
