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
import { ChangeLevelDto, DetailedAssessmentDto, InitialAssessmentDto } from './assessment.dto';

/** The initial assessment (Mẫu 02, within 12 hours), the detailed assessment (Mẫu 03) and a change of protection level. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class AssessmentController {
  constructor(private readonly steps: CaseSteps) {}

  @Post(stepRoute('RecordInitialAssessment'))
  @HttpCode(200)
  @roles('RecordInitialAssessment')
  @ApiOperation({
    operationId: 'CasesController_initialAssessment',
    summary: 'Initial assessment of risk and harm (Mẫu 02), within 12 hours of the report',
  })
  @IfMatch()
  @IdemKey()
  initialAssessment(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: InitialAssessmentDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'initial-assessment',
      { type: 'RecordInitialAssessment', ...dto, scores: { ...dto.scores } },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('RecordDetailedAssessment'))
  @HttpCode(200)
  @roles('RecordDetailedAssessment')
  @ApiOperation({
    operationId: 'CasesController_detailedAssessment',
    summary: 'Detailed assessment of risk and needs (Mẫu 03)',
  })
  @IfMatch()
  @IdemKey()
  detailedAssessment(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DetailedAssessmentDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'detailed-assessment',
      { type: 'RecordDetailedAssessment', ...dto, scores: { ...dto.scores } },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('ChangeLevel'))
  @HttpCode(200)
  @roles('ChangeLevel')
  @ApiOperation({
    operationId: 'CasesController_level',
    summary: 'Change the protection level (support ↔ intervention) with a reason',
  })
  @IfMatch()
  @IdemKey()
  level(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChangeLevelDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'level', { type: 'ChangeLevel', ...dto }, dto, h, res);
  }
}
