import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { idempotencyFor, parseIfMatch, setCommandHeaders } from '@cp/platform';
import { ContactReads, HOTLINE, operationId, type Hdrs, type Res as Response } from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { CloseContactCommand } from './close-contact.command';
import { CloseContactDto } from './closure.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
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
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CloseContactDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactView> {
    const { view, replayed, appended } = await this.commands.execute(
      new CloseContactCommand(
        user,
        id,
        dto,
        parseIfMatch(h['if-match']),
        idempotencyFor(h['idempotency-key'], user, `intake.close:${id}`, dto),
      ),
    );
    await this.reads.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}
