import { randomUUID } from 'node:crypto';
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
import {
  AccessLog,
  ErasePersonalDataDto,
  commandMetadata,
  fieldGroups,
  idempotencyFor,
  parseIfMatch,
  setCommandHeaders,
} from '@cp/platform';
import { ContactsService, type ContactListItem, type ContactView } from './contacts.service';
import {
  CloseContactDto,
  DraftDuplicatesDto,
  LinkToCaseDto,
  ListContactsQueryDto,
  RecordContactDto,
  ReferReportDto,
} from './contacts.dto';

type Res = Parameters<typeof setCommandHeaders>[0];
type Hdrs = Record<string, string | undefined>;

/** Contacts, reporters and notes are for the hotline only (docs/privacy.md: reporters are confidential). */
const HOTLINE = ['hotline_counsellor', 'hotline_supervisor'] as const;
/**
 * The other bodies that receive reports and record Mẫu 01 (Decree 56 Art. 25.1): a provincial officer (Sở Y
 * tế) for the communes of their province, a commune worker for their own communes. They record, search for
 * duplicates, read and refer the reports of their jurisdiction; the rest of the hotline's work stays its own.
 */
const RECEIVERS = [...HOTLINE, 'provincial_officer', 'commune_worker'] as const;

@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly access: AccessLog,
  ) {}

  @Post('contacts')
  @HttpCode(201)
  @Roles(...RECEIVERS)
  @ApiOperation({ summary: 'Record a hotline contact (Mẫu 01)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async record(
    @CurrentUser() user: AuthUser,
    @Body() dto: RecordContactDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const { view, replayed, appended } = await this.contacts.record(
      user,
      dto,
      idempotencyFor(key, user, 'intake.record-contact', dto),
    );
    await this.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { location: `/api/v1/contacts/${view.id}`, replayed });
    return view;
  }

  @Get('contacts')
  @Roles(...HOTLINE)
  @ApiOperation({
    summary: 'Work list: contacts by time, purpose, status, commune, text; mine; awaiting a commune',
  })
  async list(@CurrentUser() user: AuthUser, @Query() q: ListContactsQueryDto): Promise<ContactListItem[]> {
    const { items, blindTokens } = await this.contacts.list(user, q);
    if (blindTokens) {
      // A search by name links a name to contacts: a read, recorded without its words (their keyed digests
      // only), and a read of each contact it matched.
      const searchId = randomUUID();
      await this.access.recordReads(user, [
        {
          recordKind: 'search',
          recordId: searchId,
          caseId: null,
          view: 'name_search',
          fields: ['search_match'],
          query: { blindTokens },
          results: items.length,
        },
        ...items.map((c) => ({
          recordKind: 'contact' as const,
          recordId: c.id,
          caseId: c.caseId ?? c.linkedCaseId,
          view: 'name_search_match',
          fields: ['search_match'],
          communes: [c.incidentCommuneCode, c.referralCommuneCode],
        })),
      ]);
    }
    return items;
  }

  @Get('follow-ups')
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Referrals no commune took up in time (2 h, 30 min when urgent): to follow up' })
  followUps() {
    return this.contacts.followUps();
  }

  @Get('clock-policies')
  @Roles(...HOTLINE, 'inspector')
  @ApiOperation({
    summary:
      "The hotline's clock policies, every version (forwarding: receipt → referral; take-up: referral → acknowledgement), and the one in force",
  })
  clockPolicies() {
    return this.contacts.clockPolicies();
  }

  @Get('contacts/:id')
  @Roles(...RECEIVERS)
  @ApiOperation({
    summary: 'A contact with its referral, the case’s current step and deadline, repeat caller',
  })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Res,
  ) {
    const view = await this.contacts.getFor(user, id);
    // docs/privacy.md: the read is audited before the record leaves the service (a failed write fails the read).
    await this.access.recordRead(user, {
      recordKind: 'contact',
      recordId: id,
      caseId: view.referral?.caseId ?? view.linkedCase?.caseId ?? null,
      view: 'contact',
      fields: fieldGroups(view, CONTACT_FIELD_GROUPS),
      version: view.version,
      communes: [view.incidentCommuneCode, view.referral?.communeCode],
    });
    setCommandHeaders(res, view.version);
    return view;
  }

  @Get('contacts/:id/integrity')
  @Roles('hotline_supervisor', 'inspector')
  @ApiOperation({
    summary:
      "Verify the contact's hash chain and the keys of its personal data; names the first altered or missing event",
  })
  async integrity(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    const result = await this.contacts.integrity(id);
    await this.access.recordRead(user, {
      recordKind: 'contact',
      recordId: id,
      caseId: null,
      view: 'integrity',
      fields: ['integrity'],
      version: result.events,
    });
    return result;
  }

  @Post('contacts/possible-duplicates')
  @HttpCode(200)
  @Roles(...RECEIVERS)
  @ApiOperation({
    summary:
      "While a Mẫu 01 is typed: the caller's earlier contacts and reports that may be about the same child",
    description:
      "Nothing is recorded but the search's access record (keyed digests of the names' words and of the number, " +
      'never the words) and a read of each contact it answers. Bounded: 10 children compared with the latest ' +
      "1000 reports of three years in the provinces concerned; 20 answers, 20 earlier contacts of the caller. 422 CONTACT.SEARCH_EMPTY (field children) without a child's name or age or a phone number; 422 CONTACT.UNKNOWN_COMMUNE with suggestions. To add the report to a case found here: record it, then POST /contacts/:id/case-link.",
  })
  async draftDuplicates(@CurrentUser() user: AuthUser, @Body() dto: DraftDuplicatesDto) {
    const { result, blindTokens } = await this.contacts.draftDuplicates(dto, user);
    const answered = [
      ...result.repeatCaller.contacts.map((c) => ({ ...c, view: 'draft_repeat_caller' })),
      ...result.duplicates.map((m) => ({ ...m, view: 'draft_possible_duplicate' })),
    ];
    await this.access.recordReads(user, [
      {
        recordKind: 'search',
        recordId: randomUUID(),
        caseId: null,
        view: 'draft_duplicates',
        fields: ['search_match'],
        query: { blindTokens },
        results: answered.length,
      },
      ...answered.map((c) => ({
        recordKind: 'contact' as const,
        recordId: c.contactId,
        caseId: c.caseId,
        view: c.view,
        fields: ['search_match'],
        communes: [c.incidentCommuneCode],
      })),
    ]);
    return result;
  }

  @Get('contacts/:id/possible-duplicates')
  @Roles(...HOTLINE)
  @ApiOperation({ summary: 'Earlier reports and cases that may be about the same child' })
  async duplicates(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    const matches = await this.contacts.possibleDuplicates(id);
    // The contact's children were compared by name and age, and each match discloses a child's age on
    // another contact: both are reads of a child's record.
    await this.access.recordReads(user, [
      {
        recordKind: 'contact',
        recordId: id,
        caseId: null,
        view: 'possible_duplicates',
        fields: ['children'],
      },
      ...matches.map((m) => ({
        recordKind: 'contact' as const,
        recordId: m.contactId,
        caseId: m.caseId,
        view: 'possible_duplicate_of',
        fields: ['children'],
        communes: [m.incidentCommuneCode],
      })),
    ]);
    return matches;
  }

  @Post('contacts/:id/referrals')
  @HttpCode(201)
  @Roles(...RECEIVERS)
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
    const { view, replayed, appended } = await this.contacts.refer(
      user,
      id,
      dto,
      parseIfMatch(h['if-match']),
      idempotencyFor(h['idempotency-key'], user, `intake.refer:${id}`, dto),
    );
    await this.readIfUnchanged(user, view, replayed, appended);
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
    const { view, replayed, appended } = await this.contacts.linkToCase(
      user,
      id,
      dto,
      parseIfMatch(h['if-match']),
      idempotencyFor(h['idempotency-key'], user, `intake.case-link:${id}`, dto),
    );
    await this.readIfUnchanged(user, view, replayed, appended);
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
    const { view, replayed, appended } = await this.contacts.close(
      user,
      id,
      dto,
      parseIfMatch(h['if-match']),
      idempotencyFor(h['idempotency-key'], user, `intake.close:${id}`, dto),
    );
    await this.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  @Post('contacts/:id/erasure')
  @HttpCode(200)
  @Roles('hotline_supervisor')
  @ApiOperation({
    summary:
      "Erase the contact's personal data: whole for a contact closed at the hotline; only the caller's identity for a report that went to a case",
    description:
      'Every basis needs a document reference (422 ERASURE.REFERENCE_REQUIRED / ERASURE.REFERENCE_INVALID). ' +
      'A contact that never went to a case, once closed (else 409 CONTACT.NOT_CLOSED): its children, reporter ' +
      'and narrative. A report that went to a case (referred, or a repeat report linked to it): only the ' +
      "caller's identity (`reporter:`), once the case is closed (else 409 CONTACT.CASE_OPEN), not under a legal " +
      'hold (409 ERASURE.LEGAL_HOLD) and past its retention period unless on a court order (409 ' +
      'ERASURE.RETENTION_NOT_ELAPSED with retentionEndsAt); what it says about the child is erased with the ' +
      'case (requested by the commune, approved by the province). The keys are destroyed: the fields read ' +
      '`[erased]` from then on, everywhere; the events, their hash chain and the statistics stay. Asked again ' +
      'with nothing left to erase: 200, same version.',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async erase(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ErasePersonalDataDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ): Promise<ContactView> {
    const { view, replayed, appended } = await this.contacts.erase(
      id,
      { basis: dto.basis, reference: dto.reference ?? null },
      commandMetadata(user, 'VN'),
      {
        expectedVersion: parseIfMatch(h['if-match']),
        idempotency: idempotencyFor(h['idempotency-key'], user, `intake.erasure:${id}`, dto),
      },
    );
    await this.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  /**
   * A command answers the whole contact. When it changed the contact, its event names who and when; when it
   * changed nothing (asked again, or a repeat of an Idempotency-Key) the answer is only a read, and is
   * recorded as one.
   */
  private async readIfUnchanged(
    user: AuthUser,
    view: ContactView,
    replayed: boolean,
    appended: number,
  ): Promise<void> {
    if (!replayed && appended > 0) return;
    await this.access.recordRead(user, {
      recordKind: 'contact',
      recordId: view.id,
      caseId: view.referral?.caseId ?? view.linkedCase?.caseId ?? null,
      view: replayed ? 'command_replayed' : 'command_unchanged',
      fields: fieldGroups(view, CONTACT_FIELD_GROUPS),
      version: view.version,
      communes: [view.incidentCommuneCode, view.referral?.communeCode],
    });
  }
}

/** What a read of a contact discloses, by group of the contact view (recorded in the access trail by name). */
const CONTACT_FIELD_GROUPS = {
  report: [
    'receivedAt',
    'channel',
    'purpose',
    'category',
    'concerns',
    'sexualAbuseSubtypes',
    'immediateDanger',
  ],
  children: ['children'],
  reporter: ['reporter', 'callerType'],
  incident: ['place', 'currentCondition', 'actionsTaken'],
  alleged_abuser: ['allegedAbusers'],
  notes: ['notes'],
  referral: ['referral', 'linkedCase'],
  closure: ['closure'],
} as const;
