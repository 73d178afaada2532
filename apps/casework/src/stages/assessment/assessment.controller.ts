import { Body, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Call, CaseId, CaseSteps, StepEndpoint, type StepCall } from '../../http/case-steps';
import { ChangeLevelDto, DetailedAssessmentDto, InitialAssessmentDto } from './assessment.dto';

/** The initial assessment (Mẫu 02, within 12 hours), the detailed assessment (Mẫu 03) and a change of protection level. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class AssessmentController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('RecordInitialAssessment', {
    operationId: 'CasesController_initialAssessment',
    summary: 'Initial assessment of risk and harm (Mẫu 02), within 12 hours of the report',
  })
  initialAssessment(@Call() call: StepCall, @CaseId() id: string, @Body() dto: InitialAssessmentDto) {
    return this.steps.exec(
      call,
      id,
      'initial-assessment',
      { type: 'RecordInitialAssessment', ...dto, scores: { ...dto.scores } },
      dto,
    );
  }

  @StepEndpoint('RecordDetailedAssessment', {
    operationId: 'CasesController_detailedAssessment',
    summary: 'Detailed assessment of risk and needs (Mẫu 03)',
  })
  detailedAssessment(@Call() call: StepCall, @CaseId() id: string, @Body() dto: DetailedAssessmentDto) {
    return this.steps.exec(
      call,
      id,
      'detailed-assessment',
      { type: 'RecordDetailedAssessment', ...dto, scores: { ...dto.scores } },
      dto,
    );
  }

  @StepEndpoint('ChangeLevel', {
    operationId: 'CasesController_level',
    summary: 'Change the protection level (support ↔ intervention) with a reason',
  })
  level(@Call() call: StepCall, @CaseId() id: string, @Body() dto: ChangeLevelDto) {
    return this.steps.exec(call, id, 'level', { type: 'ChangeLevel', ...dto }, dto);
  }
}
