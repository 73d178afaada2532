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
import { CommunesModule } from './communes/communes.module';
import { CONTACT_CONTROLLERS, CONTACT_HTTP_PROVIDERS, CONTACT_PROVIDERS } from './intake.providers';
import { INTAKE_MIGRATIONS } from './read/contact-index.migrations';
import { contactPersonalFields } from './write/personal-data';

export const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot(config, INTAKE_MIGRATIONS, {
      personalData: contactPersonalFields,
    }),
    CqrsModule.forRoot(),
    CommunesModule,
  ],
  controllers: [...CONTACT_CONTROLLERS, CheckpointKeyController],
  providers: [
    ...CONTACT_PROVIDERS,
    ...CONTACT_HTTP_PROVIDERS,
    AccessLog,
    { provide: RefusedReadRecorder, useExisting: AccessLog },
    CheckpointPublisher,
  ],
})
export class AppModule {}
