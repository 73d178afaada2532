import { randomUUID } from 'node:crypto';
import { Body, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { AccessLog } from '@cp/platform';
import { ContactController, HOTLINE, RECEIVERS, operationId } from '../../http/contact-http';
import type { ContactListItem } from '../../read/contact-view';
import { DraftDuplicatesDto, ListContactsQueryDto } from './search.dto';
import { DraftDuplicatesQuery, ListContactsQuery, PossibleDuplicatesQuery } from './search.queries';

@ContactController()
export class SearchController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  @Get('contacts')
  @Roles(...HOTLINE)
  @ApiOperation({
    operationId: operationId('list'),
    summary: 'Work list: contacts by time, purpose, status, commune, text; mine; awaiting a commune',
  })
  async list(@CurrentUser() user: AuthUser, @Query() q: ListContactsQueryDto): Promise<ContactListItem[]> {
    const { items, blindTokens } = await this.queries.execute(new ListContactsQuery(user, q));
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

  @Post('contacts/possible-duplicates')
  @HttpCode(200)
  @Roles(...RECEIVERS)
  @ApiOperation({
    operationId: operationId('draftDuplicates'),
    summary:
      "While a Mẫu 01 is typed: the caller's earlier contacts and reports that may be about the same child",
    description:
      "Nothing is recorded but the search's access record (keyed digests of the names' words and of the number, " +
      'never the words) and a read of each contact it answers. Bounded: 10 children compared with the latest ' +
      "1000 reports of three years in the provinces concerned; 20 answers, 20 earlier contacts of the caller. 422 CONTACT.SEARCH_EMPTY (field children) without a child's name or age or a phone number; 422 CONTACT.UNKNOWN_COMMUNE with suggestions. To add the report to a case found here: record it, then POST /contacts/:id/case-link.",
  })
  async draftDuplicates(@CurrentUser() user: AuthUser, @Body() dto: DraftDuplicatesDto) {
    const { result, blindTokens } = await this.queries.execute(new DraftDuplicatesQuery(dto, user));
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
  @ApiOperation({
    operationId: operationId('duplicates'),
    summary: 'Earlier reports and cases that may be about the same child',
  })
  async duplicates(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    const matches = await this.queries.execute(new PossibleDuplicatesQuery(id));
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
}
