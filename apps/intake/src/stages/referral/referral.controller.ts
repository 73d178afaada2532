import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { ContactCommandEndpoint, ContactCommands } from '../../http/contact-commands';
import { ContactController, ContactId, HOTLINE, RECEIVERS } from '../../http/contact-http';
import { LinkReportToCaseCommand, ReferReportCommand } from './referral.commands';
import { LinkToCaseDto, ReferReportDto } from './referral.dto';

@ContactController()
export class ReferralController {
  constructor(private readonly contacts: ContactCommands) {}

  @ContactCommandEndpoint(
    { step: 'referrals', status: 201, roles: RECEIVERS, ifMatch: 'The version you saw (ETag)' },
    'Refer a report to the commune where it happened (Decree 56 step 3)',
  )
  refer(@Call() call: CommandCall, @ContactId() id: string, @Body() dto: ReferReportDto) {
    return this.contacts.send(call, 'refer', id, dto, ReferReportCommand);
  }

  @ContactCommandEndpoint(
    { step: 'case-link', status: 200, roles: HOTLINE },
    'Add a repeat report to the case already open for the child (no second case)',
  )
  link(@Call() call: CommandCall, @ContactId() id: string, @Body() dto: LinkToCaseDto) {
    return this.contacts.send(call, 'case-link', id, dto, LinkReportToCaseCommand);
  }
}
