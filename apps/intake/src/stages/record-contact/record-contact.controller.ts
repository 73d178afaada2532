import { Body, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { idempotencyFor, setCommandHeaders } from '@cp/platform';
import {
  ContactController,
  ContactReads,
  RECEIVERS,
  operationId,
  type Res as Response,
} from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { RecordContactCommand } from './record-contact.command';
import { RecordContactDto } from './record-contact.dto';

@ContactController()
export class RecordContactController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: ContactReads,
  ) {}

  @Post('contacts')
  @HttpCode(201)
  @Roles(...RECEIVERS)
  @ApiOperation({ summary: 'Record a hotline contact (Mẫu 01)', operationId: operationId('record') })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async record(
    @CurrentUser() user: AuthUser,
    @Body() dto: RecordContactDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactView> {
    const { view, replayed, appended } = await this.commands.execute(
      new RecordContactCommand(user, dto, idempotencyFor(key, user, 'intake.record-contact', dto)),
    );
    await this.reads.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { location: `/api/v1/contacts/${view.id}`, replayed });
    return view;
  }
}
