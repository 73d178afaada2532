import { Module } from '@nestjs/common';
import { AccessLog, CheckpointKeyController, CheckpointPublisher, PlatformModule } from '@cp/platform';
import { loadConfig } from './config';
import { CommunesModule } from './communes/communes.module';
import { contactPersonalFields } from './contacts/personal-data';
import { ContactIndex1763900003000, ContactIndexSealed1763900003100 } from './contacts/contact-index';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsService } from './contacts/contacts.service';
import { FollowUpWatcher } from './contacts/follow-up-watcher';

export const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot(config, [ContactIndex1763900003000, ContactIndexSealed1763900003100], {
      personalData: contactPersonalFields,
    }),
    CommunesModule,
  ],
  controllers: [ContactsController, CheckpointKeyController],
  providers: [ContactsService, AccessLog, CheckpointPublisher, FollowUpWatcher],
})
export class AppModule {}
