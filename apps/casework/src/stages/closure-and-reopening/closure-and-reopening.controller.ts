import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@cp/auth';
import {
  CaseSteps,
  IdemKey,
  IfMatch,
  roles,
  stepRoute,
  type Hdrs,
  type HttpRes,
} from '../../http/case-steps';
import { ReasonDto } from '../../http/step.dto';
import { CloseCaseDto } from './closure-and-reopening.dto';

/** Closing the case and reopening it. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ClosureAndReopeningController {
  constructor(private readonly steps: CaseSteps) {}

  @Post(stepRoute('CloseCase'))
  @HttpCode(200)
  @roles('CloseCase')
  @ApiOperation({
    operationId: 'CasesController_close',
    summary: 'Close the case with a reason (not verified, no need, duplicate, turned 16, …)',
  })
  @IfMatch()
  @IdemKey()
  close(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CloseCaseDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'closure', { type: 'CloseCase', ...dto }, dto, h, res);
  }

  @Post(stepRoute('ReopenCase'))
  @HttpCode(200)
  @roles('ReopenCase')
  @ApiOperation({
    operationId: 'CasesController_reopen',
    summary: 'Reopen a closed case with a reason; a new initial assessment is due',
  })
  @IfMatch()
  @IdemKey()
  reopen(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'reopening', { type: 'ReopenCase', reason: dto.reason }, dto, h, res);
  }
}
