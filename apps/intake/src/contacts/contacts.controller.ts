import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { idempotencyFor, parseIfMatch, setCommandHeaders } from '@cp/platform';
import { ContactsService, type ContactView } from './contacts.service';
import {
  CloseContactDto,
  LinkToCaseDto,
  ListContactsQueryDto,
  RecordContactDto,
  ReferReportDto,
} from './contacts.dto';

type Res = Parameters<typeof setCommandHeaders>[0];
type Hdrs = Record<string, string | undefined>;

/** Contacts, reporters and notes are for the hotline only (DOMAIN §6: reporters are confidential). */
const HOTLINE = ['hotline_counsellor', 'hotline_supervisor'] as const;

@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post('contacts')
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

  @Get('contacts')
  @Roles(...HOTLINE)
  @ApiOperation({
    summary: 'Work list: contacts by time, purpose, status, commune, text; mine; awaiting a commune',
  })
  list(@CurrentUser() user: AuthUser, @Query() q: ListContactsQueryDto) {
    return this.contacts.list(user, q);
  }

  @Get('follow-ups')
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Referrals no commune took up in time (2 h, 30 min when urgent): to follow up' })
  followUps() {
    return this.contacts.followUps();
  }

  @Get('contacts/:id')
  @Roles(...HOTLINE)
  @ApiOperation({
    summary: 'A contact with its referral, the case’s current step and deadline, repeat caller',
  })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Res) {
    const view = await this.contacts.get(id);
    setCommandHeaders(res, view.version);
    return view;
  }

  @Get('contacts/:id/possible-duplicates')
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Earlier reports and cases that may be about the same child' })
  duplicates(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.contacts.possibleDuplicates(id);
  }

  @Post('contacts/:id/referrals')
  @HttpCode(201)
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Refer a report to the commune where it happened (Decree 56 step 3)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you saw (ETag)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async refer(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReferReportDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const { view, replayed } = await this.contacts.refer(
      user,
      id,
      dto,
      parseIfMatch(h['if-match']),
      idempotencyFor(h['idempotency-key'], user, `intake.refer:${id}`, dto),
    );
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  @Post('contacts/:id/case-link')
  @HttpCode(200)
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Add a repeat report to the case already open for the child (no second case)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async link(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: LinkToCaseDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const { view, replayed } = await this.contacts.linkToCase(
      user,
      id,
      dto,
      parseIfMatch(h['if-match']),
      idempotencyFor(h['idempotency-key'], user, `intake.case-link:${id}`, dto),
    );
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  @Post('contacts/:id/closure')
  @HttpCode(200)
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Close a counselling or information contact with its outcome (prevention level)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async close(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CloseContactDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const { view, replayed } = await this.contacts.close(
      user,
      id,
      dto,
      parseIfMatch(h['if-match']),
      idempotencyFor(h['idempotency-key'], user, `intake.close:${id}`, dto),
    );
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}
