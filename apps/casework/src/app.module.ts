import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  AccessLog,
  CheckpointKeyController,
  CheckpointPublisher,
  PlatformModule,
  RefusedReadRecorder,
} from '@cp/platform';
import { loadConfig } from './config';
import { CaseSteps } from './http/case-steps';
import { STEP_HANDLERS } from './http/step-messages';
import { IntakeConsumer } from './integration/intake-consumer';
import { DeadlinePolicies1763900002000, PolicyModule, PolicyService } from './policy';
import { CaseAccess } from './read/case-access';
import { CaseFileController } from './read/case-file.controller';
import { CASE_FILE_QUERY_HANDLERS } from './read/case-file.queries';
import { CaseIndex1763900002100, CaseIndexReferrals1763900002110 } from './read/case-index';
import { CaseReader } from './read/case-reader';
import { AssessmentController } from './stages/assessment/assessment.controller';
import { ClosureAndReopeningController } from './stages/closure-and-reopening/closure-and-reopening.controller';
import { EmergencyAndSeparationController } from './stages/emergency-and-separation/emergency-and-separation.controller';
import { ErasureController } from './stages/erasure/erasure.controller';
import { casePersonalFields } from './stages/erasure/personal-data';
import { PlanController } from './stages/plan/plan.controller';
import { PoliceController } from './stages/police/police.controller';
import { ReportAndVerificationController } from './stages/report-and-verification/report-and-verification.controller';
import { ServicesAndReviewsController } from './stages/services-and-reviews/services-and-reviews.controller';
import { TransferController } from './stages/transfer/transfer.controller';
import { DeadlineWatcher } from './watching/deadline-watcher';
import { CaseWriter } from './write/case-writer';
import { DEADLINE_RULES } from './write/deadline-rules';

export const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot(
      config,
      [DeadlinePolicies1763900002000, CaseIndex1763900002100, CaseIndexReferrals1763900002110],
      { personalData: casePersonalFields },
    ),
    PolicyModule,
    // Controllers send commands and queries on the buses; one handler per command (docs/adr/0006-service-layout-by-stage.md).
    CqrsModule.forRoot(),
  ],
  // The read path, then one controller per stage of the procedure (docs/adr/0006-service-layout-by-stage.md).
  controllers: [
    CaseFileController,
    ReportAndVerificationController,
    AssessmentController,
    EmergencyAndSeparationController,
    PlanController,
    ServicesAndReviewsController,
    PoliceController,
    TransferController,
    ClosureAndReopeningController,
    ErasureController,
    CheckpointKeyController,
  ],
  providers: [
    CaseAccess,
    CaseReader,
    CaseWriter,
    CaseSteps,
    ...STEP_HANDLERS,
    ...CASE_FILE_QUERY_HANDLERS,
    IntakeConsumer,
    AccessLog,
    { provide: RefusedReadRecorder, useExisting: AccessLog },
    CheckpointPublisher,
    DeadlineWatcher,
    { provide: DEADLINE_RULES, useExisting: PolicyService },
  ],
})
export class AppModule {}
