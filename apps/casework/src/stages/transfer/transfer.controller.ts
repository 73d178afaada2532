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
import { EmptyDto, ReasonDto } from '../../http/step.dto';
import { TransferDto } from './transfer.dto';

/** A transfer to another commune: requested by the carrying commune, accepted or declined by the receiving one. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class TransferController {
  constructor(private readonly steps: CaseSteps) {}

  @Post(stepRoute('RequestTransfer'))
  @HttpCode(200)
  @roles('RequestTransfer')
  @ApiOperation({
    operationId: 'CasesController_transfer',
    summary: 'Hand the case over to the commune the child now lives in',
  })
  @IfMatch()
  @IdemKey()
  transfer(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TransferDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'transfer',
      { type: 'RequestTransfer', toCommuneCode: dto.toCommuneCode, toProvinceCode: '', reason: dto.reason },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('AcceptTransfer'))
  @HttpCode(200)
  @roles('AcceptTransfer')
  @ApiOperation({
    operationId: 'CasesController_acceptTransfer',
    summary: 'The receiving commune accepts the case',
  })
  @IfMatch()
  @IdemKey()
  acceptTransfer(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: EmptyDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'transfer/acceptance', { type: 'AcceptTransfer' }, dto ?? {}, h, res);
  }

  @Post(stepRoute('DeclineTransfer'))
  @HttpCode(200)
  @roles('DeclineTransfer')
  @ApiOperation({
    operationId: 'CasesController_declineTransfer',
    summary: 'The receiving commune declines the case, with a reason',
  })
  @IfMatch()
  @IdemKey()
  declineTransfer(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'transfer/decline',
      { type: 'DeclineTransfer', reason: dto.reason },
      dto,
      h,
      res,
    );
  }
}
