import { Get, Query, Res, applyDecorators } from '@nestjs/common';
import { ApiOperation, type ApiOperationOptions } from '@nestjs/swagger';
import { CurrentUser, HOTLINE_ROLES, Roles, type AuthUser } from '@cp/auth';
import { AccessLog, fieldGroups, setCommandHeaders } from '@cp/platform';
import type { Role } from '@cp/contracts';
import { CASE_READERS } from '../domain/case.permissions';
import { CASE_FIELD_GROUPS, CaseId, recordCaseRead, StageController, type HttpRes } from '../http/case-steps';
import { AtQueryDto, IntegrityQueryDto, ListCasesQueryDto } from './case-file.dto';
import { QueryBus } from '@nestjs/cqrs';
import {
  CaseHistoryQuery,
  CaseIdentityQuery,
  CaseIntegrityQuery,
  ListCasesQuery,
  ReadCaseQuery,
} from './case-file.queries';
import type { CaseFollowUpView, CaseView } from './case-view';

/** The list and a single case: the case readers, and the hotline for the cases it referred (follow-up view). */
const CASE_FOLLOWERS = [...CASE_READERS, ...HOTLINE_ROLES] as const;

/**
 * A read of the case file: GET `cases/<path>`, who may read it, and its operation in the OpenAPI document,
 * whose id stays `CasesController_<method>` as when one controller held every endpoint (the console's
 * generated client keeps its names).
 */
const CaseFileRead =
  (
    path: string,
    roles: readonly Role[],
    operation: Omit<ApiOperationOptions, 'operationId'>,
  ): MethodDecorator =>
  (target, method, descriptor) =>
    applyDecorators(
      ApiOperation({ operationId: `CasesController_${String(method)}`, ...operation }),
      Roles(...roles),
      Get(path),
    )(target, method, descriptor);

/** The read path over HTTP: the work list, the case file (or the hotline's follow-up view), identity, history, chain. */
@StageController()
export class CaseFileController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  @CaseFileRead('', CASE_FOLLOWERS, {
    summary:
      'Cases of your communes: a work list, most overdue first (hotline: the cases you referred; a supervisor: every hotline referral)',
  })
  list(@CurrentUser() user: AuthUser, @Query() q: ListCasesQueryDto) {
    return this.queries.execute(
      new ListCasesQuery(user, {
        status: q.status,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        worker: q.worker,
        limit: q.limit,
      }),
    );
  }

  @CaseFileRead(':id', CASE_FOLLOWERS, {
    summary:
      'The case now, or as it was at ?at=<instant>, with its deadlines and next steps (hotline roles: the follow-up view of a case they referred, without its content)',
  })
  async get(
    @CurrentUser() user: AuthUser,
    @CaseId() id: string,
    @Query() q: AtQueryDto,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView | CaseFollowUpView> {
    const at = q.at ? new Date(q.at).toISOString() : undefined;
    const read = await this.queries.execute(new ReadCaseQuery(user, id, at));
    if (read.kind === 'follow_up') {
      const followUp = read.view;
      // Audited like every read of a case, as what it is: the follow-up view and its groups.
      await recordCaseRead(this.access, user, id, {
        view: at ? 'follow_up_at' : 'follow_up',
        fields: fieldGroups(followUp, FOLLOW_UP_FIELD_GROUPS),
        asAt: at ?? null,
        version: followUp.version,
        communes: [followUp.carryingCommuneCode, followUp.incidentCommuneCode],
      });
      setCommandHeaders(res, followUp.version);
      return followUp;
    }
    const view = read.view;
    // docs/privacy.md: the read is audited before the record leaves the service (a failed write fails the read).
    await recordCaseRead(this.access, user, id, {
      view: at ? 'state_at' : 'state',
      fields: fieldGroups(view, CASE_FIELD_GROUPS),
      asAt: at ?? null,
      version: view.version,
      communes: [view.ownerCommuneCode, view.incidentCommuneCode, view.residenceCommuneCode],
    });
    setCommandHeaders(res, view.version);
    return view;
  }

  @CaseFileRead(':id/identity', ['commune_worker', 'commune_chair'], {
    summary:
      "Who the child is (Decree 56 Art. 26.1): the children's names, dates of birth, addresses, family and carers, and the reporter when they gave their details — for the commune that carries the case",
    description:
      'Only the worker and the chair of the carrying commune (403 CASE.NOT_CARRYING_COMMUNE for another commune that sees the case; 404 for a case the user cannot see). Every read is access-logged (view `identity`). The texts read `[erased]` after the case’s erasure. A case opened before the referral carried the identity, or received directly, answers empty children and no reporter.',
  })
  async identity(@CurrentUser() user: AuthUser, @CaseId() id: string) {
    const view = await this.queries.execute(new CaseIdentityQuery(user, id));
    await recordCaseRead(this.access, user, id, {
      view: 'identity',
      fields: [
        ...(view.children.length ? ['children_identity'] : []),
        ...(view.reporter ? ['reporter'] : []),
      ],
      version: view.version,
      communes: [view.carryingCommuneCode],
    });
    return view;
  }

  @CaseFileRead(':id/history', CASE_READERS, {
    summary: 'Every event of the case with its actor and time',
  })
  async history(@CurrentUser() user: AuthUser, @CaseId() id: string) {
    const events = await this.queries.execute(new CaseHistoryQuery(user, id));
    await recordCaseRead(this.access, user, id, {
      view: 'history',
      fields: ['history'],
      version: events.length,
      communes: events.flatMap((e) => communeCodesIn(e.data)),
    });
    return events;
  }

  @CaseFileRead(':id/integrity', CASE_READERS, {
    summary: 'Verify the hash chain of the case; names the first altered or missing event',
  })
  async integrity(@CurrentUser() user: AuthUser, @CaseId() id: string, @Query() q: IntegrityQueryDto) {
    const result = await this.queries.execute(
      new CaseIntegrityQuery(user, id, { chain: q.detail === 'events' }),
    );
    await recordCaseRead(this.access, user, id, {
      view: 'integrity',
      fields: ['integrity'],
      version: result.events,
    });
    return result;
  }
}

/** What the hotline's follow-up view discloses, by group (named `follow_up.*` in the access trail). */
const FOLLOW_UP_FIELD_GROUPS = {
  'follow_up.status': ['state', 'takenUp', 'overdue', 'urgent', 'source'],
  'follow_up.communes': ['incidentCommuneCode', 'carryingCommuneCode'],
  'follow_up.worker': ['assignedWorkerId'],
  'follow_up.dates': ['receivedAt', 'openedAt', 'closedAt'],
} as const satisfies Record<string, ReadonlyArray<keyof CaseFollowUpView>>;

/** Commune codes named in an event's data (the case's communes, for the reader's acting unit). */
function communeCodesIn(data: unknown): string[] {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([k, v]) => /communeCode$/i.test(k) && typeof v === 'string')
    .map(([, v]) => v as string);
}
