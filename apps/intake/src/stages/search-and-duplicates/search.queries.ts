import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import { ContactReader } from '../../read/contact-reader';
import type { ContactListItem } from '../../read/contact-view';
import { DuplicateSearch } from './duplicate-search';
import type { DraftDuplicatesDto, ListContactsQueryDto } from './search.dto';

/** The work list; a search by name also answers the keyed digests of its words (for the access trail). */
export class ListContactsQuery extends Query<{ items: ContactListItem[]; blindTokens: string[] | null }> {
  constructor(
    readonly user: AuthUser,
    readonly filter: ListContactsQueryDto,
  ) {
    super();
  }
}

/** Earlier reports and cases that may be about the same child as a recorded contact's. */
export class PossibleDuplicatesQuery extends Query<
  Awaited<ReturnType<DuplicateSearch['possibleDuplicates']>>
> {
  constructor(readonly contactId: string) {
    super();
  }
}

/** The side panel of a Mẫu 01 being typed: the caller's earlier contacts and possible duplicates. */
export class DraftDuplicatesQuery extends Query<Awaited<ReturnType<DuplicateSearch['draftDuplicates']>>> {
  constructor(
    readonly dto: DraftDuplicatesDto,
    readonly user?: AuthUser,
  ) {
    super();
  }
}

@QueryHandler(ListContactsQuery)
export class ListContactsHandler implements IQueryHandler<ListContactsQuery> {
  constructor(private readonly reader: ContactReader) {}

  execute({ user, filter }: ListContactsQuery) {
    return this.reader.list(user, filter);
  }
}

@QueryHandler(PossibleDuplicatesQuery)
export class PossibleDuplicatesHandler implements IQueryHandler<PossibleDuplicatesQuery> {
  constructor(private readonly search: DuplicateSearch) {}

  execute({ contactId }: PossibleDuplicatesQuery) {
    return this.search.possibleDuplicates(contactId);
  }
}

@QueryHandler(DraftDuplicatesQuery)
export class DraftDuplicatesHandler implements IQueryHandler<DraftDuplicatesQuery> {
  constructor(private readonly search: DuplicateSearch) {}

  execute({ dto, user }: DraftDuplicatesQuery) {
    return this.search.draftDuplicates(dto, user);
  }
}
