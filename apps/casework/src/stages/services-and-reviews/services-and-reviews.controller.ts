import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { CaseId, CaseSteps, StepEndpoint, StageController } from '../../http/case-steps';
import { NoteDto } from '../../http/step.dto';
import { ReviewDto, ServiceDto } from './services-and-reviews.dto';

/** Services delivered under the plan, its reviews, and its end. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class ServicesAndReviewsController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('RecordService', 'A service or measure delivered against an item of the approved plan')
  service(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: ServiceDto) {
    return this.steps.exec(call, id, dto, { type: 'RecordService', serviceId: '', ...dto });
  }

  @StepEndpoint(
    'RecordReview',
    'Review (Mẫu 06): four criteria, safety and stability, continue / revise / end',
  )
  review(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: ReviewDto) {
    return this.steps.exec(call, id, dto, {
      type: 'RecordReview',
      ...dto,
      scores: { ...dto.scores },
      stability: { ...dto.stability },
    });
  }

  @StepEndpoint(
    'EndPlan',
    'End the plan and close the case, only when the child is safe and stable (Art. 30)',
  )
  endPlan(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: NoteDto) {
    return this.steps.exec(call, id, dto, { type: 'EndPlan', note: dto.note });
  }
}
