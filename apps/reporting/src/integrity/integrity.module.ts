import { Module } from '@nestjs/common';
import { CaseworkClient } from './casework-client';
import { CheckpointProjection } from './checkpoint.projection';
import { IntegrityController } from './integrity.controller';
import { CaseIntegrityHandler, CheckpointsHandler, IntegrityAlertsHandler } from './integrity.queries';
import { IntegrityService } from './integrity.service';
import { IntegritySweep } from './integrity-sweep';

/**
 * Tamper evidence outside the source databases: the signed checkpoints intake and casework publish, the
 * continuous sweep that raises an alert on anything a tamper-free history cannot produce, and the
 * comparison of each case's copied chain with casework and the checkpoints. Needs the global
 * PlatformModule, whose migrations must include IntegrityCheckpoints1763900002900,
 * IntegrityAlerts1763900002950 and the event copy (`rm_events`), and `CASEWORK_URL`,
 * `CHECKPOINT_PUBLIC_KEYS_*` and `INTEGRITY_SWEEP_MS` in the configuration.
 */
@Module({
  controllers: [IntegrityController],
  providers: [
    CaseworkClient,
    CheckpointProjection,
    IntegrityService,
    IntegritySweep,
    CaseIntegrityHandler,
    IntegrityAlertsHandler,
    CheckpointsHandler,
  ],
  exports: [IntegrityService, IntegritySweep],
})
export class IntegrityModule {}
