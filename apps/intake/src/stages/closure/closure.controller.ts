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
  contactGuards,
  operationId,
} from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { CloseContactCommand } from './close-contact.command';
import { CloseContactDto } from './closure.dto';

@ContactController()
export class ClosureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: ContactReads,
  ) {}

  @Post('contacts/:id/closure')
  @HttpCode(200)
  @Roles(...HOTLINE)
  @ApiOperation({
    summary: 'Close a counselling or information contact with its outcome (prevention level)',
    operationId: operationId('close'),
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async close(
    @Call() call: CommandCall,
    @ContactId() id: string,
    @Body() dto: CloseContactDto,
  ): Promise<ContactView> {
    const { expectedVersion, idempotency } = contactGuards(call, 'close', id, dto);
    return this.reads.answer(
      call,
      await this.commands.execute(new CloseContactCommand(call.user, id, dto, expectedVersion, idempotency)),
    );
  }
}
