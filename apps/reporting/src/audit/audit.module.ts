import { Module } from '@nestjs/common';
import { AccessProjection } from './access.projection';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit trail: the projection of reads into `rm_access` and the search and timeline endpoints over it
 * and `rm_events`. Needs the global PlatformModule, whose migrations must include AuditAccess1763900002700
 * and the event copy (`rm_events`).
 */
@Module({
  controllers: [AuditController],
  providers: [AccessProjection, AuditService],
  exports: [AccessProjection, AuditService],
})
export class AuditModule {}
