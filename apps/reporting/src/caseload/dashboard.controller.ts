import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { StatisticsQueryDto, STATISTICS_READERS } from '../statistics/statistics.controller';
import { DashboardQuery } from './caseload.queries';

@ApiTags('caseload')
@ApiBearerAuth()
@Controller()
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('dashboard')
  @Roles(...STATISTICS_READERS)
  @ApiOperation({
    summary:
      'Open cases by step and level, deadlines met and missed in the period, the oldest overdue items, and the units below',
  })
  async dashboard(@CurrentUser() user: AuthUser, @Query() q: StatisticsQueryDto) {
    return this.queries.execute(new DashboardQuery(user, q));
  }
}
