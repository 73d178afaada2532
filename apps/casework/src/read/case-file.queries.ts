import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import { CaseReader } from './case-reader';

type Read<M extends keyof CaseReader> = Awaited<ReturnType<CaseReader[M]>>;

/** The read path on the query bus: one query and one handler per read of the case file. */
export class ListCasesQuery extends Query<Read<'list'>> {
  constructor(
    readonly user: AuthUser,
    readonly filter: Parameters<CaseReader['list']>[1],
  ) {
    super();
  }
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(private readonly reader: CaseReader) {}
  execute(q: ListCasesQuery) {
    return this.reader.list(q.user, q.filter);
  }
}

/** A read of one case by one user; each query adds what else its read needs. */
abstract class OneCaseQuery<R> extends Query<R> {
  constructor(
    readonly user: AuthUser,
    readonly caseId: string,
  ) {
    super();
  }
}

/** The case now or at an instant: the case file, or the hotline's follow-up view. */
export class ReadCaseQuery extends OneCaseQuery<Read<'read'>> {
  constructor(
    user: AuthUser,
    caseId: string,
    readonly at?: string,
  ) {
    super(user, caseId);
  }
}

@QueryHandler(ReadCaseQuery)
export class ReadCaseHandler implements IQueryHandler<ReadCaseQuery> {
  constructor(private readonly reader: CaseReader) {}
  execute(q: ReadCaseQuery) {
    return this.reader.read(q.user, q.caseId, q.at);
  }
}

export class CaseIdentityQuery extends OneCaseQuery<Read<'identity'>> {}

@QueryHandler(CaseIdentityQuery)
export class CaseIdentityHandler implements IQueryHandler<CaseIdentityQuery> {
  constructor(private readonly reader: CaseReader) {}
  execute(q: CaseIdentityQuery) {
    return this.reader.identity(q.user, q.caseId);
  }
}

export class CaseHistoryQuery extends OneCaseQuery<Read<'history'>> {}

@QueryHandler(CaseHistoryQuery)
export class CaseHistoryHandler implements IQueryHandler<CaseHistoryQuery> {
  constructor(private readonly reader: CaseReader) {}
  execute(q: CaseHistoryQuery) {
    return this.reader.history(q.user, q.caseId);
  }
}

export class CaseIntegrityQuery extends OneCaseQuery<Read<'integrity'>> {
  constructor(
    user: AuthUser,
    caseId: string,
    readonly opts: { chain?: boolean },
  ) {
    super(user, caseId);
  }
}

@QueryHandler(CaseIntegrityQuery)
export class CaseIntegrityHandler implements IQueryHandler<CaseIntegrityQuery> {
  constructor(private readonly reader: CaseReader) {}
  execute(q: CaseIntegrityQuery) {
    return this.reader.integrity(q.user, q.caseId, q.opts);
  }
}

export const CASE_FILE_QUERY_HANDLERS = [
  ListCasesHandler,
  ReadCaseHandler,
  CaseIdentityHandler,
  CaseHistoryHandler,
  CaseIntegrityHandler,
];
