import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import { IntegrityService } from './integrity.service';

type Answer<K extends 'caseIntegrity' | 'alerts' | 'checkpoints'> = Awaited<ReturnType<IntegrityService[K]>>;

/** A case's events verified: the copy, casework's own verification, the two compared, the checkpoints. */
export class CaseIntegrityQuery extends Query<Answer<'caseIntegrity'>> {
  constructor(
    readonly user: AuthUser,
    readonly caseId: string,
    /** Casework is asked with the caller's own token. */
    readonly authorization: string | undefined,
  ) {
    super();
  }
}

/** What the integrity sweep found, newest first. */
export class IntegrityAlertsQuery extends Query<Answer<'alerts'>> {
  constructor(readonly filter: { producer?: string; kind?: string; limit?: number }) {
    super();
  }
}

/** The latest checkpoints the producers published, and whether their digest chain verifies. */
export class CheckpointsQuery extends Query<Answer<'checkpoints'>> {
  constructor(readonly filter: { producer?: string; limit?: number }) {
    super();
  }
}

@QueryHandler(CaseIntegrityQuery)
export class CaseIntegrityHandler implements IQueryHandler<CaseIntegrityQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute({ user, caseId, authorization }: CaseIntegrityQuery) {
    return this.integrity.caseIntegrity(user, caseId, authorization);
  }
}

@QueryHandler(IntegrityAlertsQuery)
export class IntegrityAlertsHandler implements IQueryHandler<IntegrityAlertsQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute({ filter }: IntegrityAlertsQuery) {
    return this.integrity.alerts(filter);
  }
}

@QueryHandler(CheckpointsQuery)
export class CheckpointsHandler implements IQueryHandler<CheckpointsQuery> {
  constructor(private readonly integrity: IntegrityService) {}

  execute({ filter }: CheckpointsQuery) {
    return this.integrity.checkpoints(filter);
  }
}
