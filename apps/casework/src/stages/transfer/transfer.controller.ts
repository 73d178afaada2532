import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { CaseId, CaseSteps, StepEndpoint, StageController } from '../../http/case-steps';
import { EmptyDto, ReasonDto } from '../../http/step.dto';
import { TransferDto } from './transfer.dto';

/** A transfer to another commune: requested by the carrying commune, accepted or declined by the receiving one. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class TransferController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('RequestTransfer', 'Hand the case over to the commune the child now lives in')
  transfer(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: TransferDto) {
    return this.steps.exec(call, id, dto, {
      type: 'RequestTransfer',
      toCommuneCode: dto.toCommuneCode,
      toProvinceCode: '',
      reason: dto.reason,
    });
  }

  @StepEndpoint('AcceptTransfer', 'The receiving commune accepts the case')
  acceptTransfer(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: EmptyDto) {
    return this.steps.exec(call, id, dto ?? {}, { type: 'AcceptTransfer' });
  }

  @StepEndpoint('DeclineTransfer', 'The receiving commune declines the case, with a reason')
  declineTransfer(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: ReasonDto) {
    return this.steps.exec(call, id, dto, { type: 'DeclineTransfer', reason: dto.reason });
  }
}
