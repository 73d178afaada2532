import { Body } from '@nestjs/common';
import { Call, type CommandCall } from '@cp/platform';
import { CaseId, CaseSteps, StepEndpoint, StageController } from '../../http/case-steps';
import {
  EmergencyMeasuresDto,
  ExtendSeparationDto,
  RevokeSeparationDto,
  SeparationDto,
} from './emergency-and-separation.dto';

/** Emergency measures and the temporary separation of the child (Mẫu 07): deciding, extending, revoking it. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@StageController()
export class EmergencyAndSeparationController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('TakeEmergencyMeasures', 'Emergency measures ordered by the chair (what, by whom, when)')
  emergency(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: EmergencyMeasuresDto) {
    return this.steps.exec(call, id, dto, {
      type: 'TakeEmergencyMeasures',
      takenAt: dto.takenAt,
      measures: dto.measures.map((m) => ({ ...m })),
    });
  }

  @StepEndpoint(
    'DecideSeparation',
    'Temporary separation from parents or caregivers (Mẫu 07), at most 15 days',
  )
  separation(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: SeparationDto) {
    return this.steps.exec(call, id, dto, { type: 'DecideSeparation', separationId: '', ...dto });
  }

  @StepEndpoint(
    'ExtendSeparation',
    'Extend the separation; beyond 15 days only on a competent authority’s request',
  )
  extendSeparation(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: ExtendSeparationDto) {
    return this.steps.exec(call, id, dto, {
      type: 'ExtendSeparation',
      endsAt: dto.endsAt,
      reason: dto.reason,
      authorityRequest: dto.authorityRequest ? { ...dto.authorityRequest } : null,
    });
  }

  @StepEndpoint('RevokeSeparation', 'Revoke the separation (the home is safe again)')
  revokeSeparation(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: RevokeSeparationDto) {
    return this.steps.exec(call, id, dto, { type: 'RevokeSeparation', ...dto });
  }
}
