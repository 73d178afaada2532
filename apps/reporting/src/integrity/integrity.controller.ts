import { Controller, Get, Headers, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { ListLimit } from '../list-limit';
import { CaseIntegrityQuery, CheckpointsQuery, IntegrityAlertsQuery } from './integrity.queries';

export class CheckpointsQueryDto {
  @ApiPropertyOptional({ enum: ['intake', 'casework'] })
  @IsOptional()
  @IsIn(['intake', 'casework'])
  producer?: 'intake' | 'casework';

  @ListLimit(50)
  limit?: number;
}

export class AlertsQueryDto {
  @ApiPropertyOptional({ enum: ['intake', 'casework'] })
  @IsOptional()
  @IsIn(['intake', 'casework'])
  producer?: 'intake' | 'casework';

  @ApiPropertyOptional({ description: 'An alert kind, e.g. head_differs_from_copy' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/)
  kind?: string;

  @ListLimit(100)
  limit?: number;
}

/**
 * Tamper evidence from outside the source databases (event-sourcing rule 10): reporting's copy of each
 * case's hash chain, checked against casework's own verification and the checkpoints casework published.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class IntegrityController {
  constructor(private readonly queries: QueryBus) {}

  @Get('cases/:id/integrity')
  @Roles('inspector', 'provincial_officer', 'commune_chair', 'commune_worker')
  @ApiOperation({
    summary:
      "Verify a case's events: reporting's copy of the chain, casework's own verification, the two compared event by event, and the published checkpoints",
    description:
      "verdict: verified (everything agrees), tampered (an event was altered or deleted — `detail` names the version and event), incomplete (something could not be checked: casework unreachable, the copy not caught up). Casework is asked with the caller's own token.",
  })
  caseIntegrity(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('authorization') authorization: string | undefined,
  ) {
    return this.queries.execute(new CaseIntegrityQuery(user, id, authorization));
  }

  @Get('integrity/alerts')
  @Roles('inspector', 'admin')
  @ApiOperation({
    summary: "What reporting's integrity sweep found: evidence that a record was altered or deleted",
    description:
      'Every INTEGRITY_SWEEP_MS reporting checks every checkpoint it received (signature, digest, chain) and every signed head against its copy of the chains and the heads before it, and the faults the producers report from re-verifying their stores. Each finding is an alert, kept forever, newest first; also published on cp.reporting.integrity.alerts.v1 and counted in cp_integrity_alerts_raised_total.',
  })
  alerts(@Query() q: AlertsQueryDto) {
    return this.queries.execute(new IntegrityAlertsQuery(q));
  }

  @Get('integrity/checkpoints')
  @Roles('inspector', 'admin')
  @ApiOperation({
    summary: 'The latest checkpoints intake and casework published, and whether their digest chain verifies',
  })
  checkpoints(@Query() q: CheckpointsQueryDto) {
    return this.queries.execute(new CheckpointsQuery(q));
  }
}
