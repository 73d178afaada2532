import { Module } from '@nestjs/common';
import { RefusedReadRecorder } from '@cp/platform';
import { AuditQueryLog } from './audit-query-log';
import { AccessProjection } from './access.projection';
import { AuditController } from './audit.controller';
import { AuditSearchHandler, CaseTimelineHandler } from './audit.queries';
import { AuditService } from './audit.service';

/**
 * The audit trail: the projection of reads into `rm_access` and the search and timeline endpoints over it
 * and `rm_events`, which record their own use in `rp_audit_queries`. Needs the global PlatformModule, whose migrations must include AuditAccess1763900002700
 * and the event copy (`rm_events`).
 */
@Module({
  controllers: [AuditController],
  providers: [
    AccessProjection,
    AuditService,
    AuditSearchHandler,
    CaseTimelineHandler,
    AuditQueryLog,
    { provide: RefusedReadRecorder, useExisting: AuditQueryLog },
  ],
  exports: [AccessProjection, AuditService, AuditQueryLog, RefusedReadRecorder],
})
export class AuditModule {}
