import { Body, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Call, CaseId, CaseSteps, StepEndpoint, type StepCall } from '../../http/case-steps';
import { CriminalOutcomeDto, PoliceNotificationDto } from './police.dto';

/** The notice to the police and the criminal outcome it led to. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class PoliceController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('NotifyPolice', {
    operationId: 'CasesController_police',
    summary: 'Record that the police were notified (criminal track)',
  })
  police(@Call() call: StepCall, @CaseId() id: string, @Body() dto: PoliceNotificationDto) {
    return this.steps.exec(call, id, 'police-notification', { type: 'NotifyPolice', ...dto }, dto);
  }

  @StepEndpoint('RecordCriminalOutcome', {
    operationId: 'CasesController_criminalOutcome',
    summary: 'Record an outcome of the criminal track',
  })
  criminalOutcome(@Call() call: StepCall, @CaseId() id: string, @Body() dto: CriminalOutcomeDto) {
    return this.steps.exec(call, id, 'criminal-outcome', { type: 'RecordCriminalOutcome', ...dto }, dto);
  }
}
