import { Body, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@cp/auth';
import { Call, idempotencyFor, setCommandHeaders, type CommandCall } from '@cp/platform';
import type { CaseView } from '../../read/case-view';
import {
  CaseId,
  CaseSteps,
  IdemKey,
  roles,
  StageController,
  StepEndpoint,
  type HttpRes,
} from '../../http/case-steps';
import { AssignWorkerDto, OpenCaseDto, ResidenceDto } from './report-and-verification.dto';
import { OpenCaseCommand } from './report-and-verification.handlers';

/** Opening a case the commune received directly (Mẫu 01), the worker who carries it, and the child’s residence commune. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class ReportAndVerificationController {
  constructor(private readonly steps: CaseSteps) {}

  @Post()
  @HttpCode(201)
  @roles('OpenCase')
  @ApiOperation({
    operationId: 'CasesController_open',
    summary: 'Open a case from a report the commune received directly (Mẫu 01)',
  })
  @IdemKey()
  async open(
    @CurrentUser() user: AuthUser,
    @Body() dto: OpenCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView> {
    const { view, replayed, appended } = await this.steps.commands.execute(
      new OpenCaseCommand(user, dto, idempotencyFor(key, user, 'casework.open-case', dto)),
    );
    await this.steps.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { location: `/api/v1/cases/${view.id}`, replayed });
    return view;
  }

  @StepEndpoint('AssignWorker', 'Assign the commune worker who carries the case')
  assign(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: AssignWorkerDto) {
    return this.steps.exec(call, id, dto, { type: 'AssignWorker', workerId: dto.workerId });
  }

  @StepEndpoint('RecordResidence', 'Record the commune where the child lives (Law Art. 52.2)')
  residence(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: ResidenceDto) {
    return this.steps.exec(call, id, dto, {
      type: 'RecordResidence',
      communeCode: dto.communeCode,
      provinceCode: '',
    });
  }
}
