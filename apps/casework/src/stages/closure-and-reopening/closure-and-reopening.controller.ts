import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { CaseId, CaseSteps, StepEndpoint, StageController } from '../../http/case-steps';
import { ReasonDto } from '../../http/step.dto';
import { CloseCaseDto } from './closure-and-reopening.dto';

/** Closing the case and reopening it. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class ClosureAndReopeningController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('CloseCase', 'Close the case with a reason (not verified, no need, duplicate, turned 16, …)')
  close(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: CloseCaseDto) {
    return this.steps.exec(call, id, dto, { type: 'CloseCase', ...dto });
  }

  @StepEndpoint('ReopenCase', 'Reopen a closed case with a reason; a new initial assessment is due')
  reopen(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: ReasonDto) {
    return this.steps.exec(call, id, dto, { type: 'ReopenCase', reason: dto.reason });
  }
}
