import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { AdminUnits } from '@cp/admin-units';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { DomainError } from '@cp/contracts';
import { requireNational, unitFor } from '../jurisdiction';
import { IndicatorDefinitionDto, toDefinition } from './indicator.dto';
import { parsePeriod } from './period';
import { DefineIndicatorCommand, IndicatorsQuery, StatisticsQuery } from './statistics.queries';
import { OptionalUnitQueryField } from '../unit-field';

export class StatisticsQueryDto {
  @OptionalUnitQueryField()
  unit?: string;

  @ApiPropertyOptional({ description: '2026-H1, 2026-H2 or 2026; or give from and to' })
  @IsOptional()
  @Matches(/^\d{4}(-H[12])?$/, { message: 'period must be YYYY, YYYY-H1 or YYYY-H2' })
  period?: string;

  @ApiPropertyOptional({ description: 'Start of a custom range (ISO instant)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive) of a custom range (ISO instant)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;

  @ApiPropertyOptional({ description: 'Figures as known at this instant (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asKnownAt must be an ISO 8601 instant' })
  asKnownAt?: string;

  @ApiPropertyOptional({ description: 'Comma-separated indicator codes (default: all)' })
  @IsOptional()
  @Matches(/^[A-Z0-9-]+(,[A-Z0-9-]+)*$/, { message: 'indicators must be comma-separated indicator codes' })
  indicators?: string;
}

/** The instant figures are taken as known at: the one asked for (never in the future), or now. */
export function asKnownAtOf(q: { asKnownAt?: string }, now = new Date()): string {
  if (!q.asKnownAt) return now.toISOString();
  if (Date.parse(q.asKnownAt) > now.getTime()) {
    throw new DomainError('REPORTING.FUTURE_AS_KNOWN_AT', 'asKnownAt cannot be in the future.', 'invalid', {
      errors: [{ field: 'asKnownAt', message: 'must not be in the future' }],
    });
  }
  return new Date(q.asKnownAt).toISOString();
}

export const STATISTICS_READERS = [
  'provincial_officer',
  'inspector',
  'commune_chair',
  'commune_worker',
] as const;

@ApiTags('statistics')
@ApiBearerAuth()
@Controller()
export class StatisticsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly units: AdminUnits,
  ) {}

  @Get('statistics')
  @Roles(...STATISTICS_READERS)
  @ApiOperation({ summary: 'Indicators for a unit and a period, each child counted once per indicator' })
  async statistics(@CurrentUser() user: AuthUser, @Query() q: StatisticsQueryDto) {
    const unit = unitFor(this.units, user, q.unit);
    const period = parsePeriod(q.period, q.from, q.to);
    return this.queries.execute(new StatisticsQuery(unit, period, asKnownAtOf(q), q.indicators?.split(',')));
  }

  @Get('indicators')
  @Roles(...STATISTICS_READERS, 'admin')
  @ApiOperation({ summary: 'Indicator definitions (data: code, name, what counts, disaggregations)' })
  async indicators() {
    return this.queries.execute(new IndicatorsQuery());
  }

  @Put('indicators/:code')
  @Roles('admin')
  @ApiOperation({ summary: 'Add or change an indicator definition (no release needed)' })
  async define(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: IndicatorDefinitionDto,
  ) {
    // The body was validated and whitelisted by the pipe (400 naming each bad or unknown field); who may
    // change national settings and whether the path agrees come next.
    requireNational(user);
    if (body.code !== code) {
      throw new DomainError(
        'INDICATOR.CODE_MISMATCH',
        'The code in the path and the body must be the same.',
        'invalid',
        {
          errors: [{ field: 'code', message: `must be ${code}` }],
        },
      );
    }
    return this.commands.execute(new DefineIndicatorCommand(toDefinition(body), user.sub));
  }
}
