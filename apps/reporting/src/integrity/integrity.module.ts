import { Module } from '@nestjs/common';
import { CaseworkClient } from './casework-client';
import { CheckpointProjection } from './checkpoint.projection';
import { IntegrityController } from './integrity.controller';
import { IntegrityService } from './integrity.service';

/**
 * Tamper evidence outside the source databases: the checkpoints intake and casework publish, and the
 * comparison of each case's copied chain with casework and the checkpoints. Needs the global
 * PlatformModule, whose migrations must include IntegrityCheckpoints1763900002900 and the event copy
 * (`rm_events`), and `CASEWORK_URL` in the configuration.
 */
@Module({
  controllers: [IntegrityController],
  providers: [CaseworkClient, CheckpointProjection, IntegrityService],
  exports: [IntegrityService],
})
export class IntegrityModule {}
