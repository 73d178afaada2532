import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import { AuditService, type AuditPage, type AuditSearch, type CaseTimeline } from './audit.service';

/** A search of the trail, within what `user` may see (docs/audit-trail.md). */
export class AuditSearchQuery extends Query<AuditPage> {
  constructor(
    readonly user: AuthUser,
    readonly search: AuditSearch,
  ) {
    super();
  }
}

/** Each step of a case with the state after it, as known at `at`, with its reads when asked. */
export class CaseTimelineQuery extends Query<CaseTimeline> {
  constructor(
    readonly user: AuthUser,
    readonly caseId: string,
    readonly options: { at?: string; includeReads: boolean },
  ) {
    super();
  }
}

@QueryHandler(AuditSearchQuery)
export class AuditSearchHandler implements IQueryHandler<AuditSearchQuery> {
  constructor(private readonly audit: AuditService) {}

  execute({ user, search }: AuditSearchQuery): Promise<AuditPage> {
    return this.audit.search(user, search);
  }
}

@QueryHandler(CaseTimelineQuery)
export class CaseTimelineHandler implements IQueryHandler<CaseTimelineQuery> {
  constructor(private readonly audit: AuditService) {}

  execute({ user, caseId, options }: CaseTimelineQuery): Promise<CaseTimeline> {
    return this.audit.timeline(user, caseId, options);
  }
}
