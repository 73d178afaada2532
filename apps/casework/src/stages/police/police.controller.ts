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
import { CriminalOutcomeDto, PoliceNotificationDto } from './police.dto';

/** The notice to the police and the criminal outcome it led to. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class PoliceController {
  constructor(private readonly steps: CaseSteps) {}

  @Post(stepRoute('NotifyPolice'))
  @HttpCode(200)
  @roles('NotifyPolice')
  @ApiOperation({
    operationId: 'CasesController_police',
    summary: 'Record that the police were notified (criminal track)',
  })
  @IfMatch()
  @IdemKey()
  police(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PoliceNotificationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'police-notification', { type: 'NotifyPolice', ...dto }, dto, h, res);
  }

  @Post(stepRoute('RecordCriminalOutcome'))
  @HttpCode(200)
  @roles('RecordCriminalOutcome')
  @ApiOperation({
    operationId: 'CasesController_criminalOutcome',
    summary: 'Record an outcome of the criminal track',
  })
  @IfMatch()
  @IdemKey()
  criminalOutcome(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CriminalOutcomeDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'criminal-outcome', { type: 'RecordCriminalOutcome', ...dto }, dto, h, res);
  }
}
