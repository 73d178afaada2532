import { Body, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation } from '@nestjs/swagger';
import { Roles } from '@cp/auth';
import { Call, type CommandCall } from '@cp/platform';
import {
  ContactController,
  ContactId,
  ContactReads,
  HOTLINE,
  RECEIVERS,
  contactGuards,
  operationId,
} from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { LinkReportToCaseCommand, ReferReportCommand } from './referral.commands';
import { LinkToCaseDto, ReferReportDto } from './referral.dto';

@ContactController()
export class ReferralController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: ContactReads,
  ) {}

  @Post('contacts/:id/referrals')
  @HttpCode(201)
  @Roles(...RECEIVERS)
  @ApiOperation({
    operationId: operationId('refer'),
    summary: 'Refer a report to the commune where it happened (Decree 56 step 3)',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you saw (ETag)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async refer(
    @Call() call: CommandCall,
    @ContactId() id: string,
    @Body() dto: ReferReportDto,
  ): Promise<ContactView> {
    const { expectedVersion, idempotency } = contactGuards(call, 'refer', id, dto);
    return this.reads.answer(
      call,
      await this.commands.execute(new ReferReportCommand(call.user, id, dto, expectedVersion, idempotency)),
    );
  }

  @Post('contacts/:id/case-link')
  @HttpCode(200)
  @Roles(...HOTLINE)
  @ApiOperation({
    operationId: operationId('link'),
    summary: 'Add a repeat report to the case already open for the child (no second case)',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async link(
    @Call() call: CommandCall,
    @ContactId() id: string,
    @Body() dto: LinkToCaseDto,
  ): Promise<ContactView> {
    const { expectedVersion, idempotency } = contactGuards(call, 'case-link', id, dto);
    return this.reads.answer(
      call,
      await this.commands.execute(
        new LinkReportToCaseCommand(call.user, id, dto, expectedVersion, idempotency),
      ),
    );
  }
}
