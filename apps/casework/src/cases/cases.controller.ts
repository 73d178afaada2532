import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { idempotencyFor, parseIfMatch, setCommandHeaders } from '@cp/platform';
import { AssignWorkerDto, AtQueryDto, OpenCaseDto } from './cases.dto';
import { CasesService, type CaseView } from './cases.service';

type Res = Parameters<typeof setCommandHeaders>[0];

const COMMUNE = ['commune_worker', 'commune_chair'] as const;
const READERS = ['commune_worker', 'commune_chair', 'provincial_officer', 'inspector'] as const;

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @HttpCode(201)
  @Roles(...COMMUNE)
  @ApiOperation({ summary: 'Open a case from a report the commune received directly' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async open(
    @CurrentUser() user: AuthUser,
    @Body() dto: OpenCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Res,
  ): Promise<CaseView> {
    const { view, replayed } = await this.cases.openDirect(
      user,
      dto,
      idempotencyFor(key, user, 'casework.open-case', dto),
    );
    setCommandHeaders(res, view.version, { location: `/api/v1/cases/${view.id}`, replayed });
    return view;
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @Roles(...COMMUNE)
  @ApiOperation({ summary: 'Assign the commune worker who carries the case' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you saw (ETag)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async assign(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AssignWorkerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Res,
  ): Promise<CaseView> {
    const { view, replayed } = await this.cases.assign(
      user,
      id,
      dto.workerId,
      parseIfMatch(ifMatch),
      idempotencyFor(key, user, `casework.assign:${id}`, dto),
    );
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The case now, or as it was at ?at=<instant>' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: AtQueryDto,
    @Res({ passthrough: true }) res: Res,
  ): Promise<CaseView> {
    const view = await this.cases.get(user, id, q.at ? new Date(q.at).toISOString() : undefined);
    setCommandHeaders(res, view.version);
    return view;
  }

  @Get(':id/history')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every event of the case with its actor and time' })
  history(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.cases.history(user, id);
  }

  @Get(':id/integrity')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Verify the hash chain of the case; names the first altered or missing event' })
  integrity(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.cases.integrity(user, id);
  }
}
