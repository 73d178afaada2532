import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import {
  ContactCommandEndpoint,
  ContactCommands,
  ContactController,
  ContactId,
  HOTLINE,
  RECEIVERS,
  operationId,
} from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { LinkReportToCaseCommand, ReferReportCommand } from './referral.commands';
import { LinkToCaseDto, ReferReportDto } from './referral.dto';

@ContactController()
export class ReferralController {
  constructor(private readonly contacts: ContactCommands) {}

  @ContactCommandEndpoint(
    { step: 'referrals', status: 201, roles: RECEIVERS, ifMatch: 'The version you saw (ETag)' },
    {
      operationId: operationId('refer'),
      summary: 'Refer a report to the commune where it happened (Decree 56 step 3)',
    },
  )
  refer(
    @Call() call: CommandCall,
    @ContactId() id: string,
    @Body() dto: ReferReportDto,
  ): Promise<ContactView> {
    return this.contacts.send(
      call,
      'refer',
      id,
      dto,
      ({ expectedVersion, idempotency }) =>
        new ReferReportCommand(call.user, id, dto, expectedVersion, idempotency),
    );
  }

  @ContactCommandEndpoint(
    { step: 'case-link', status: 200, roles: HOTLINE },
    {
      operationId: operationId('link'),
      summary: 'Add a repeat report to the case already open for the child (no second case)',
    },
  )
  link(@Call() call: CommandCall, @ContactId() id: string, @Body() dto: LinkToCaseDto): Promise<ContactView> {
    return this.contacts.send(
      call,
      'case-link',
      id,
      dto,
      ({ expectedVersion, idempotency }) =>
        new LinkReportToCaseCommand(call.user, id, dto, expectedVersion, idempotency),
    );
  }
}
