import { Body, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Call, CaseId, CaseSteps, StepEndpoint, type StepCall } from '../../http/case-steps';
import { EmptyDto } from '../../http/step.dto';
import { DraftPlanDto, NeedsMeetingDto, PlanDecisionDto } from './plan.dto';

/** The needs meeting, the plan (Mẫu 04), its submission and the chair’s decision. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class PlanController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('RecordNeedsMeeting', {
    operationId: 'CasesController_needsMeeting',
    summary: 'Needs meeting chaired by the chair: participants, the child’s views, minutes',
  })
  needsMeeting(@Call() call: StepCall, @CaseId() id: string, @Body() dto: NeedsMeetingDto) {
    return this.steps.exec(
      call,
      id,
      'needs-meeting',
      {
        type: 'RecordNeedsMeeting',
        heldAt: dto.heldAt,
        participants: dto.participants.map((p) => ({ ...p })),
        childViews: { ...dto.childViews },
        minutes: dto.minutes,
      },
      dto,
    );
  }

  @StepEndpoint('DraftPlan', {
    operationId: 'CasesController_plan',
    summary: 'Draft the support/intervention plan (Mẫu 04), or its revision',
  })
  plan(@Call() call: StepCall, @CaseId() id: string, @Body() dto: DraftPlanDto) {
    const items = dto.items.map((i) => ({ ...i, itemId: i.itemId ?? '' }));
    return this.steps.exec(
      call,
      id,
      'plan',
      { type: 'DraftPlan', goals: [...dto.goals], items, revisionReason: dto.revisionReason ?? null },
      dto,
    );
  }

  @StepEndpoint('SubmitPlan', {
    operationId: 'CasesController_submitPlan',
    summary: 'Submit the plan to the chair for decision',
  })
  submitPlan(@Call() call: StepCall, @CaseId() id: string, @Body() dto: EmptyDto) {
    return this.steps.exec(call, id, 'plan/submission', { type: 'SubmitPlan' }, dto ?? {});
  }

  @StepEndpoint('DecidePlan', {
    operationId: 'CasesController_decidePlan',
    summary: 'The chair approves the plan (Mẫu 05) or returns it with reasons',
  })
  decidePlan(@Call() call: StepCall, @CaseId() id: string, @Body() dto: PlanDecisionDto) {
    return this.steps.exec(call, id, 'plan/decision', { type: 'DecidePlan', ...dto }, dto);
  }
}
