import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@cp/auth';
import {
  CaseSteps,
  IdemKey,
  IfMatch,
  roles,
  stepRoute,
  type Hdrs,
  type HttpRes,
} from '../../http/case-steps';
import { EmptyDto } from '../../http/step.dto';
import { DraftPlanDto, NeedsMeetingDto, PlanDecisionDto } from './plan.dto';

/** The needs meeting, the plan (Mẫu 04), its submission and the chair’s decision. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class PlanController {
  constructor(private readonly steps: CaseSteps) {}

  @Post(stepRoute('RecordNeedsMeeting'))
  @HttpCode(200)
  @roles('RecordNeedsMeeting')
  @ApiOperation({
    operationId: 'CasesController_needsMeeting',
    summary: 'Needs meeting chaired by the chair: participants, the child’s views, minutes',
  })
  @IfMatch()
  @IdemKey()
  needsMeeting(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: NeedsMeetingDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
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
      h,
      res,
    );
  }

  @Post(stepRoute('DraftPlan'))
  @HttpCode(200)
  @roles('DraftPlan')
  @ApiOperation({
    operationId: 'CasesController_plan',
    summary: 'Draft the support/intervention plan (Mẫu 04), or its revision',
  })
  @IfMatch()
  @IdemKey()
  plan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DraftPlanDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    const items = dto.items.map((i) => ({ ...i, itemId: i.itemId ?? '' }));
    return this.steps.exec(
      u,
      id,
      'plan',
      { type: 'DraftPlan', goals: [...dto.goals], items, revisionReason: dto.revisionReason ?? null },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('SubmitPlan'))
  @HttpCode(200)
  @roles('SubmitPlan')
  @ApiOperation({
    operationId: 'CasesController_submitPlan',
    summary: 'Submit the plan to the chair for decision',
  })
  @IfMatch()
  @IdemKey()
  submitPlan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: EmptyDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'plan/submission', { type: 'SubmitPlan' }, dto ?? {}, h, res);
  }

  @Post(stepRoute('DecidePlan'))
  @HttpCode(200)
  @roles('DecidePlan')
  @ApiOperation({
    operationId: 'CasesController_decidePlan',
    summary: 'The chair approves the plan (Mẫu 05) or returns it with reasons',
  })
  @IfMatch()
  @IdemKey()
  decidePlan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PlanDecisionDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'plan/decision', { type: 'DecidePlan', ...dto }, dto, h, res);
  }
}
