import { Body, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Call, CaseId, CaseSteps, StepEndpoint, type StepCall } from '../../http/case-steps';
import { NoteDto } from '../../http/step.dto';
import { ReviewDto, ServiceDto } from './services-and-reviews.dto';

/** Services delivered under the plan, its reviews, and its end. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ServicesAndReviewsController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('RecordService', {
    operationId: 'CasesController_service',
    summary: 'A service or measure delivered against an item of the approved plan',
  })
  service(@Call() call: StepCall, @CaseId() id: string, @Body() dto: ServiceDto) {
    return this.steps.exec(call, id, 'services', { type: 'RecordService', serviceId: '', ...dto }, dto);
  }

  @StepEndpoint('RecordReview', {
    operationId: 'CasesController_review',
    summary: 'Review (Mẫu 06): four criteria, safety and stability, continue / revise / end',
  })
  review(@Call() call: StepCall, @CaseId() id: string, @Body() dto: ReviewDto) {
    return this.steps.exec(
      call,
      id,
      'reviews',
      { type: 'RecordReview', ...dto, scores: { ...dto.scores }, stability: { ...dto.stability } },
      dto,
    );
  }

  @StepEndpoint('EndPlan', {
    operationId: 'CasesController_endPlan',
    summary: 'End the plan and close the case, only when the child is safe and stable (Art. 30)',
  })
  endPlan(@Call() call: StepCall, @CaseId() id: string, @Body() dto: NoteDto) {
    return this.steps.exec(call, id, 'plan/end', { type: 'EndPlan', note: dto.note }, dto);
  }
}
