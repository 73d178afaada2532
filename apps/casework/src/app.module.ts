import { Module } from '@nestjs/common';
import { PlatformModule } from '@cp/platform';
import { loadConfig } from './config';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';

export const config = loadConfig();

@Module({
  imports: [PlatformModule.forRoot(config)],
  controllers: [CasesController],
  providers: [CasesService],
})
export class AppModule {}
