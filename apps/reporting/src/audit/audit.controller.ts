import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { AuditSearchQueryDto, TimelineQueryDto } from './audit.dto';
import { SEARCH_ROLES, TIMELINE_ROLES } from './audit-scope';
import { AuditSearchQuery, CaseTimelineQuery } from './audit.queries';
import type { AuditPage, CaseTimeline } from './audit.service';

/** The audit trail: who did and read what, when, on which case (docs/audit-trail.md). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles(...SEARCH_ROLES)
  @ApiOperation({
    summary:
      'Search the trail: events of both services and reads of children’s records, by case, person, unit, time',
    description:
      'Oldest first; pass `nextCursor` as `cursor` for the next page. Inspectors and provincial officers search ' +
      'within their units; admins by person (`actorId`) only, without the steps’ details.',
  })
  search(@CurrentUser() user: AuthUser, @Query() q: AuditSearchQueryDto): Promise<AuditPage> {
    return this.queries.execute(
      new AuditSearchQuery(user, {
        ...q,
        from: q.from ? new Date(q.from).toISOString() : undefined,
        to: q.to ? new Date(q.to).toISOString() : undefined,
      }),
    );
  }

  @Get('cases/:id/timeline')
  @Roles(...TIMELINE_ROLES)
  @ApiOperation({
    summary: 'Each step of a case with the state after it, what changed, and the deadlines it met or missed',
    description:
      '`?at=` the timeline as known then; `?includeReads=true` interleaves who read the case (oversight roles). ' +
      'A case outside your units answers 404.',
  })
  timeline(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: TimelineQueryDto,
  ): Promise<CaseTimeline> {
    return this.queries.execute(
      new CaseTimelineQuery(user, id, {
        at: q.at ? new Date(q.at).toISOString() : undefined,
        includeReads: q.includeReads === 'true',
      }),
    );
  }
}
