import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { idempotencyFor, parseIfMatch, setCommandHeaders } from '@cp/platform';
import {
  ContactReads,
  HOTLINE,
  RECEIVERS,
  operationId,
  type Hdrs,
  type Res as Response,
} from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { LinkReportToCaseCommand, ReferReportCommand } from './referral.commands';
import { LinkToCaseDto, ReferReportDto } from './referral.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
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
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReferReportDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactView> {
    const { view, replayed, appended } = await this.commands.execute(
      new ReferReportCommand(
        user,
        id,
        dto,
        parseIfMatch(h['if-match']),
        idempotencyFor(h['idempotency-key'], user, `intake.refer:${id}`, dto),
      ),
    );
    await this.reads.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
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
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: LinkToCaseDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactView> {
    const { view, replayed, appended } = await this.commands.execute(
      new LinkReportToCaseCommand(
        user,
        id,
        dto,
        parseIfMatch(h['if-match']),
        idempotencyFor(h['idempotency-key'], user, `intake.case-link:${id}`, dto),
      ),
    );
    await this.reads.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}
