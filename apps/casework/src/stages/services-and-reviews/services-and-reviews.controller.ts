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
import { NoteDto } from '../../http/step.dto';
import { ReviewDto, ServiceDto } from './services-and-reviews.dto';

/** Services delivered under the plan, its reviews, and its end. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ServicesAndReviewsController {
  constructor(private readonly steps: CaseSteps) {}

  @Post(stepRoute('RecordService'))
  @HttpCode(200)
  @roles('RecordService')
  @ApiOperation({
    operationId: 'CasesController_service',
    summary: 'A service or measure delivered against an item of the approved plan',
  })
  @IfMatch()
  @IdemKey()
  service(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ServiceDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'services', { type: 'RecordService', serviceId: '', ...dto }, dto, h, res);
  }

  @Post(stepRoute('RecordReview'))
  @HttpCode(200)
  @roles('RecordReview')
  @ApiOperation({
    operationId: 'CasesController_review',
    summary: 'Review (Mẫu 06): four criteria, safety and stability, continue / revise / end',
  })
  @IfMatch()
  @IdemKey()
  review(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReviewDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(
      u,
      id,
      'reviews',
      { type: 'RecordReview', ...dto, scores: { ...dto.scores }, stability: { ...dto.stability } },
      dto,
      h,
      res,
    );
  }

  @Post(stepRoute('EndPlan'))
  @HttpCode(200)
  @roles('EndPlan')
  @ApiOperation({
    operationId: 'CasesController_endPlan',
    summary: 'End the plan and close the case, only when the child is safe and stable (Art. 30)',
  })
  @IfMatch()
  @IdemKey()
  endPlan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: NoteDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ) {
    return this.steps.exec(u, id, 'plan/end', { type: 'EndPlan', note: dto.note }, dto, h, res);
  }
}
