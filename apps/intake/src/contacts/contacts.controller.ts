import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { idempotencyFor, parseIfMatch, setCommandHeaders } from '@cp/platform';
import { ContactsService, type ContactView } from './contacts.service';
import { RecordContactDto, ReferReportDto } from './contacts.dto';

type Res = Parameters<typeof setCommandHeaders>[0];

const HOTLINE = ['hotline_counsellor', 'hotline_supervisor'] as const;

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @HttpCode(201)
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Record a hotline contact (Mẫu 01)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async record(
    @CurrentUser() user: AuthUser,
    @Body() dto: RecordContactDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const { view, replayed } = await this.contacts.record(
      user,
      dto,
      idempotencyFor(key, user, 'intake.record-contact', dto),
    );
    setCommandHeaders(res, view.version, { location: `/api/v1/contacts/${view.id}`, replayed });
    return view;
  }

  @Post(':id/referrals')
  @HttpCode(201)
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Refer a report to the commune where it happened (Decree 56 step 3)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you saw (ETag)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async refer(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReferReportDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const { view, replayed } = await this.contacts.refer(
      user,
      id,
      dto,
      parseIfMatch(ifMatch),
      idempotencyFor(key, user, `intake.refer:${id}`, dto),
    );
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  @Get(':id')
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'A contact with its referral and the status of the linked case' })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const view = await this.contacts.get(id);
    setCommandHeaders(res, view.version);
    return view;
  }
}
