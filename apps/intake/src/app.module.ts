import { Module } from '@nestjs/common';
import { PlatformModule } from '@cp/platform';
import { loadConfig } from './config';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsService } from './contacts/contacts.service';

export const config = loadConfig();

@Module({
  imports: [PlatformModule.forRoot(config)],
  controllers: [ContactsController],
  providers: [ContactsService],
})
export class AppModule {}
