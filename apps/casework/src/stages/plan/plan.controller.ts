import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { CaseId, CaseSteps, StepEndpoint, StageController } from '../../http/case-steps';
import { EmptyDto } from '../../http/step.dto';
import { DraftPlanDto, NeedsMeetingDto, PlanDecisionDto } from './plan.dto';

/** The needs meeting, the plan (Mẫu 04), its submission and the chair’s decision. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class PlanController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint(
    'RecordNeedsMeeting',
    'Needs meeting chaired by the chair: participants, the child’s views, minutes',
  )
  needsMeeting(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: NeedsMeetingDto) {
    return this.steps.exec(call, id, dto, {
      type: 'RecordNeedsMeeting',
      heldAt: dto.heldAt,
      participants: dto.participants.map((p) => ({ ...p })),
      childViews: { ...dto.childViews },
      minutes: dto.minutes,
    });
  }

  @StepEndpoint('DraftPlan', 'Draft the support/intervention plan (Mẫu 04), or its revision')
  plan(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: DraftPlanDto) {
    const items = dto.items.map((i) => ({ ...i, itemId: i.itemId ?? '' }));
    return this.steps.exec(call, id, dto, {
      type: 'DraftPlan',
      goals: [...dto.goals],
      items,
      revisionReason: dto.revisionReason ?? null,
    });
  }

  @StepEndpoint('SubmitPlan', 'Submit the plan to the chair for decision')
  submitPlan(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: EmptyDto) {
    return this.steps.exec(call, id, dto ?? {}, { type: 'SubmitPlan' });
  }

  @StepEndpoint('DecidePlan', 'The chair approves the plan (Mẫu 05) or returns it with reasons')
  decidePlan(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: PlanDecisionDto) {
    return this.steps.exec(call, id, dto, { type: 'DecidePlan', ...dto });
  }
}
