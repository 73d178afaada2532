import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { CaseId, CaseSteps, StepEndpoint, StageController } from '../../http/case-steps';
import { CriminalOutcomeDto, PoliceNotificationDto } from './police.dto';

/** The notice to the police and the criminal outcome it led to. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class PoliceController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('NotifyPolice', 'Record that the police were notified (criminal track)')
  police(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: PoliceNotificationDto) {
    return this.steps.exec(call, id, dto, { type: 'NotifyPolice', ...dto });
  }

  @StepEndpoint('RecordCriminalOutcome', 'Record an outcome of the criminal track')
  criminalOutcome(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: CriminalOutcomeDto) {
    return this.steps.exec(call, id, dto, { type: 'RecordCriminalOutcome', ...dto });
  }
}
