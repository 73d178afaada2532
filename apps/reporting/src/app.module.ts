import { Module } from '@nestjs/common';
import { PlatformModule } from '@cp/platform';
import { loadConfig } from './config';
import { AuditAccess1763900002700, AuditModule } from './audit';
import { CaseloadController } from './caseload/caseload.controller';
import { Caseload1763900001000 } from './caseload/caseload.migration';
import { CaseloadDeadlines1763900001100 } from './caseload/caseload-deadlines.migration';
import { CaseloadProjection } from './caseload/caseload.projection';
import { CaseloadDashboard1763900001200 } from './caseload/caseload-dashboard.migration';
import { DashboardController } from './caseload/dashboard.controller';
import { EventCopy1763900002000 } from './events/events.migration';
import { EventCopyProjection } from './events/event-copy.projection';
import { IntegrityCheckpoints1763900002900, IntegrityModule } from './integrity';
import { ProjectionsController } from './projections/projections.controller';
import { ProjectionsService } from './projections/projections.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { communeResolver } from './statistics/commune-resolver';
import { StatisticsController } from './statistics/statistics.controller';
import { Statistics1763900003000 } from './statistics/statistics.migration';
import { StatisticsProjection } from './statistics/statistics.projection';
import { StatisticsService } from './statistics/statistics.service';
import { AdminUnits } from '@cp/admin-units';

export const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot(config, [
      Caseload1763900001000,
      CaseloadDeadlines1763900001100,
      CaseloadDashboard1763900001200,
      EventCopy1763900002000,
      Statistics1763900003000,
      AuditAccess1763900002700,
      IntegrityCheckpoints1763900002900,
    ]),
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
    CaseloadProjection,
    EventCopyProjection,
    {
      provide: StatisticsProjection,
      useFactory: (units: AdminUnits) => new StatisticsProjection(communeResolver(units)),
      inject: [AdminUnits],
    },
    StatisticsService,
    ReportsService,
    ProjectionsService,
  ],
})
export class AppModule {}
