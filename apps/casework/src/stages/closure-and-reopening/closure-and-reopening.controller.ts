import { Body, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Call, CaseId, CaseSteps, StepEndpoint, type StepCall } from '../../http/case-steps';
import { ReasonDto } from '../../http/step.dto';
import { CloseCaseDto } from './closure-and-reopening.dto';

/** Closing the case and reopening it. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ClosureAndReopeningController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('CloseCase', {
    operationId: 'CasesController_close',
    summary: 'Close the case with a reason (not verified, no need, duplicate, turned 16, …)',
  })
  close(@Call() call: StepCall, @CaseId() id: string, @Body() dto: CloseCaseDto) {
    return this.steps.exec(call, id, 'closure', { type: 'CloseCase', ...dto }, dto);
  }

  @StepEndpoint('ReopenCase', {
    operationId: 'CasesController_reopen',
    summary: 'Reopen a closed case with a reason; a new initial assessment is due',
  })
  reopen(@Call() call: StepCall, @CaseId() id: string, @Body() dto: ReasonDto) {
    return this.steps.exec(call, id, 'reopening', { type: 'ReopenCase', reason: dto.reason }, dto);
  }
}
