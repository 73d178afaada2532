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
import {
  EmergencyMeasuresDto,
  ExtendSeparationDto,
  RevokeSeparationDto,
  SeparationDto,
} from './emergency-and-separation.dto';

/** Emergency measures and the temporary separation of the child (Mẫu 07): deciding, extending, revoking it. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class EmergencyAndSeparationController {
  constructor(private readonly steps: CaseSteps) {}

  @Post(stepRoute('TakeEmergencyMeasures'))
  @HttpCode(200)
  @roles('TakeEmergencyMeasures')
  @ApiOperation({
    operationId: 'CasesController_emergency',
    summary: 'Emergency measures ordered by the chair (what, by whom, when)',
  })
  @IfMatch()
  @IdemKey()
  emergency(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: EmergencyMeasuresDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'emergency-measures',
      { type: 'TakeEmergencyMeasures', takenAt: dto.takenAt, measures: dto.measures.map((m) => ({ ...m })) },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('DecideSeparation'))
  @HttpCode(200)
  @roles('DecideSeparation')
  @ApiOperation({
    operationId: 'CasesController_separation',
    summary: 'Temporary separation from parents or caregivers (Mẫu 07), at most 15 days',
  })
  @IfMatch()
  @IdemKey()
  separation(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SeparationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'separation',
      { type: 'DecideSeparation', separationId: '', ...dto },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('ExtendSeparation'))
  @HttpCode(200)
  @roles('ExtendSeparation')
  @ApiOperation({
    operationId: 'CasesController_extendSeparation',
    summary: 'Extend the separation; beyond 15 days only on a competent authority’s request',
  })
  @IfMatch()
  @IdemKey()
  extendSeparation(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ExtendSeparationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'separation/extension',
      {
        type: 'ExtendSeparation',
        endsAt: dto.endsAt,
        reason: dto.reason,
        authorityRequest: dto.authorityRequest ? { ...dto.authorityRequest } : null,
      },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('RevokeSeparation'))
  @HttpCode(200)
  @roles('RevokeSeparation')
  @ApiOperation({
    operationId: 'CasesController_revokeSeparation',
    summary: 'Revoke the separation (the home is safe again)',
  })
  @IfMatch()
  @IdemKey()
  revokeSeparation(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RevokeSeparationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'separation/revocation', { type: 'RevokeSeparation', ...dto }, dto, h, res);
  }
}
