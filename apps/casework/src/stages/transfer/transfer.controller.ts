import { Body, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Call, CaseId, CaseSteps, StepEndpoint, type StepCall } from '../../http/case-steps';
import { EmptyDto, ReasonDto } from '../../http/step.dto';
import { TransferDto } from './transfer.dto';

/** A transfer to another commune: requested by the carrying commune, accepted or declined by the receiving one. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class TransferController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('RequestTransfer', {
    operationId: 'CasesController_transfer',
    summary: 'Hand the case over to the commune the child now lives in',
  })
  transfer(@Call() call: StepCall, @CaseId() id: string, @Body() dto: TransferDto) {
    return this.steps.exec(
      call,
      id,
      'transfer',
      { type: 'RequestTransfer', toCommuneCode: dto.toCommuneCode, toProvinceCode: '', reason: dto.reason },
      dto,
    );
  }

  @StepEndpoint('AcceptTransfer', {
    operationId: 'CasesController_acceptTransfer',
    summary: 'The receiving commune accepts the case',
  })
  acceptTransfer(@Call() call: StepCall, @CaseId() id: string, @Body() dto: EmptyDto) {
    return this.steps.exec(call, id, 'transfer/acceptance', { type: 'AcceptTransfer' }, dto ?? {});
  }

  @StepEndpoint('DeclineTransfer', {
    operationId: 'CasesController_declineTransfer',
    summary: 'The receiving commune declines the case, with a reason',
  })
  declineTransfer(@Call() call: StepCall, @CaseId() id: string, @Body() dto: ReasonDto) {
    return this.steps.exec(
      call,
      id,
      'transfer/decline',
      { type: 'DeclineTransfer', reason: dto.reason },
      dto,
    );
  }
}
