import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { ContactCommandEndpoint, ContactCommands } from '../../http/contact-commands';
import { ContactController, ContactId, HOTLINE } from '../../http/contact-http';
import { CloseContactCommand } from './close-contact.command';
import { CloseContactDto } from './closure.dto';

@ContactController()
export class ClosureController {
  constructor(private readonly contacts: ContactCommands) {}

  @ContactCommandEndpoint(
    { step: 'closure', status: 200, roles: HOTLINE },
    'Close a counselling or information contact with its outcome (prevention level)',
  )
  close(@Call() call: CommandCall, @ContactId() id: string, @Body() dto: CloseContactDto) {
    return this.contacts.send(call, 'close', id, dto, CloseContactCommand);
  }
}
