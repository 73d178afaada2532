import { Module } from '@nestjs/common';
import {
  AccessLog,
  CheckpointKeyController,
  CheckpointPublisher,
  PlatformModule,
  RefusedReadRecorder,
} from '@cp/platform';
import { loadConfig } from './config';
import { CaseIndex1763900002100, CaseIndexReferrals1763900002110 } from './cases/case-index';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { DeadlineWatcher } from './cases/deadline-watcher';
import { DEADLINE_RULES } from './cases/deadline-rules';
import { DeadlinePolicies1763900002000, PolicyModule, PolicyService } from './policy';
import { ErasureController } from './privacy/erasure.controller';
import { casePersonalFields } from './privacy/personal-data';

export const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot(
      config,
      [DeadlinePolicies1763900002000, CaseIndex1763900002100, CaseIndexReferrals1763900002110],
      { personalData: casePersonalFields },
    ),
    PolicyModule,
  ],
  controllers: [CasesController, ErasureController, CheckpointKeyController],
  providers: [
    CasesService,
    AccessLog,
    { provide: RefusedReadRecorder, useExisting: AccessLog },
    CheckpointPublisher,
    DeadlineWatcher,
    { provide: DEADLINE_RULES, useExisting: PolicyService },
  ],
})
export class AppModule {}
