import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { CaseId, CaseSteps, StepEndpoint, StageController } from '../../http/case-steps';
import { ChangeLevelDto, DetailedAssessmentDto, InitialAssessmentDto } from './assessment.dto';

/** The initial assessment (Mẫu 02, within 12 hours), the detailed assessment (Mẫu 03) and a change of protection level. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class AssessmentController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint(
    'RecordInitialAssessment',
    'Initial assessment of risk and harm (Mẫu 02), within 12 hours of the report',
  )
  initialAssessment(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: InitialAssessmentDto) {
    return this.steps.exec(call, id, dto, {
      type: 'RecordInitialAssessment',
      ...dto,
      scores: { ...dto.scores },
    });
  }

  @StepEndpoint('RecordDetailedAssessment', 'Detailed assessment of risk and needs (Mẫu 03)')
  detailedAssessment(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: DetailedAssessmentDto) {
    return this.steps.exec(call, id, dto, {
      type: 'RecordDetailedAssessment',
      ...dto,
      scores: { ...dto.scores },
    });
  }

  @StepEndpoint('ChangeLevel', 'Change the protection level (support ↔ intervention) with a reason')
  level(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: ChangeLevelDto) {
    return this.steps.exec(call, id, dto, { type: 'ChangeLevel', ...dto });
  }
}
