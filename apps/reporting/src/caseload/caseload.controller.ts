import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { CaseloadQueryDto } from './caseload.dto';
import { CaseloadQuery } from './caseload.queries';

@ApiTags('caseload')
@ApiBearerAuth()
@Controller('cases')
export class CaseloadController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('commune_worker', 'commune_chair', 'provincial_officer', 'inspector')
  @ApiOperation({ summary: 'Caseload of a commune, a province or the nation' })
  async list(@CurrentUser() user: AuthUser, @Query() q: CaseloadQueryDto) {
    return this.queries.execute(new CaseloadQuery(user, q));
  }
}
