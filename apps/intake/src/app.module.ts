import { Module } from '@nestjs/common';
import {
  AccessLog,
  CheckpointKeyController,
  CheckpointPublisher,
  PlatformModule,
  RefusedReadRecorder,
} from '@cp/platform';
import { loadConfig } from './config';
import { CommunesModule } from './communes/communes.module';
import { contactPersonalFields } from './contacts/personal-data';
import { INTAKE_MIGRATIONS } from './contacts/contact-index';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsService } from './contacts/contacts.service';
import { FollowUpWatcher } from './contacts/follow-up-watcher';

export const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot(config, INTAKE_MIGRATIONS, {
      personalData: contactPersonalFields,
    }),
    CommunesModule,
  ],
  controllers: [ContactsController, CheckpointKeyController],
  providers: [
    ContactsService,
    AccessLog,
    { provide: RefusedReadRecorder, useExisting: AccessLog },
    CheckpointPublisher,
    FollowUpWatcher,
  ],
})
export class AppModule {}
