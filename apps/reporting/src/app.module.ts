import { Module } from '@nestjs/common';
import { PlatformModule } from '@cp/platform';
import { loadConfig } from './config';
import { CaseloadController } from './caseload/caseload.controller';
import { Caseload1763900001000 } from './caseload/caseload.migration';
import { CaseloadDeadlines1763900001100 } from './caseload/caseload-deadlines.migration';
import { CaseloadProjection } from './caseload/caseload.projection';

export const config = loadConfig();

@Module({
  imports: [PlatformModule.forRoot(config, [Caseload1763900001000, CaseloadDeadlines1763900001100])],
  controllers: [CaseloadController],
  providers: [CaseloadProjection],
})
export class AppModule {}
