import { Module } from '@nestjs/common';
import { CommunesController } from './communes.controller';
import { CommunesService } from './communes.service';

/** Commune search and look-up. Needs the AdminUnits of the global PlatformModule. */
@Module({
  controllers: [CommunesController],
  providers: [CommunesService],
  exports: [CommunesService],
})
export class CommunesModule {}
