import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@cp/platform';
import { loadConfig } from './config';
import { AuditModule } from './audit';
import { CaseloadController } from './caseload/caseload.controller';
import { CaseloadProjection } from './caseload/caseload.projection';
import { CaseloadHandler, DashboardHandler } from './caseload/caseload.queries';
import { DashboardController } from './caseload/dashboard.controller';
import { EventCopyProjection } from './events/event-copy.projection';
import { IntegrityModule } from './integrity';
import { REPORTING_MIGRATIONS, REPORTING_TABLE_ACCESS } from './migrations';
import { ProjectionsController } from './projections/projections.controller';
import { ProjectionsService } from './projections/projections.service';
import { ReportsController } from './reports/reports.controller';
import { PeriodicReportHandler } from './reports/reports.queries';
import { ReportsService } from './reports/reports.service';
import { communeResolver } from './statistics/commune-resolver';
import { StatisticsController } from './statistics/statistics.controller';
import { StatisticsProjection } from './statistics/statistics.projection';
import {
  DefineIndicatorHandler,
  IndicatorsHandler,
  StatisticsHandler,
} from './statistics/statistics.queries';
import { StatisticsService } from './statistics/statistics.service';
import { AdminUnits } from '@cp/admin-units';

export const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot(config, REPORTING_MIGRATIONS, { database: REPORTING_TABLE_ACCESS }),
    CqrsModule.forRoot(),
    AuditModule,
    IntegrityModule,
  ],
  controllers: [
    CaseloadController,
    DashboardController,
    StatisticsController,
    ReportsController,
    ProjectionsController,
  ],
  providers: [
    CaseloadHandler,
    DashboardHandler,
    CaseloadProjection,
    EventCopyProjection,
    {
      provide: StatisticsProjection,
      useFactory: (units: AdminUnits) => new StatisticsProjection(communeResolver(units)),
      inject: [AdminUnits],
    },
    StatisticsService,
    StatisticsHandler,
    IndicatorsHandler,
    DefineIndicatorHandler,
    ReportsService,
    PeriodicReportHandler,
    ProjectionsService,
  ],
})
export class AppModule {}
