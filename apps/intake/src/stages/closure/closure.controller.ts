import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import {
  ContactCommandEndpoint,
  ContactCommands,
  ContactController,
  ContactId,
  HOTLINE,
  operationId,
} from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { CloseContactCommand } from './close-contact.command';
import { CloseContactDto } from './closure.dto';

@ContactController()
export class ClosureController {
  constructor(private readonly contacts: ContactCommands) {}

  @ContactCommandEndpoint(
    { step: 'closure', status: 200, roles: HOTLINE },
    {
      summary: 'Close a counselling or information contact with its outcome (prevention level)',
      operationId: operationId('close'),
    },
  )
  close(
    @Call() call: CommandCall,
    @ContactId() id: string,
    @Body() dto: CloseContactDto,
  ): Promise<ContactView> {
    return this.contacts.send(
      call,
      'close',
      id,
      dto,
      ({ expectedVersion, idempotency }) =>
        new CloseContactCommand(call.user, id, dto, expectedVersion, idempotency),
    );
  }
}
