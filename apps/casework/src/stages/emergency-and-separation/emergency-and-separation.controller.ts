import { Body, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Call, CaseId, CaseSteps, StepEndpoint, type StepCall } from '../../http/case-steps';
import {
  EmergencyMeasuresDto,
  ExtendSeparationDto,
  RevokeSeparationDto,
  SeparationDto,
} from './emergency-and-separation.dto';

/** Emergency measures and the temporary separation of the child (Mẫu 07): deciding, extending, revoking it. Routes come from STEP_PATHS (domain/case.next-steps.ts); who may call them from STEP_RULES. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class EmergencyAndSeparationController {
  constructor(private readonly steps: CaseSteps) {}

  @StepEndpoint('TakeEmergencyMeasures', {
    operationId: 'CasesController_emergency',
    summary: 'Emergency measures ordered by the chair (what, by whom, when)',
  })
  emergency(@Call() call: StepCall, @CaseId() id: string, @Body() dto: EmergencyMeasuresDto) {
    return this.steps.exec(
      call,
      id,
      'emergency-measures',
      { type: 'TakeEmergencyMeasures', takenAt: dto.takenAt, measures: dto.measures.map((m) => ({ ...m })) },
      dto,
    );
  }

  @StepEndpoint('DecideSeparation', {
    operationId: 'CasesController_separation',
    summary: 'Temporary separation from parents or caregivers (Mẫu 07), at most 15 days',
  })
  separation(@Call() call: StepCall, @CaseId() id: string, @Body() dto: SeparationDto) {
    return this.steps.exec(
      call,
      id,
      'separation',
      { type: 'DecideSeparation', separationId: '', ...dto },
      dto,
    );
  }

  @StepEndpoint('ExtendSeparation', {
    operationId: 'CasesController_extendSeparation',
    summary: 'Extend the separation; beyond 15 days only on a competent authority’s request',
  })
  extendSeparation(@Call() call: StepCall, @CaseId() id: string, @Body() dto: ExtendSeparationDto) {
    return this.steps.exec(
      call,
      id,
      'separation/extension',
      {
        type: 'ExtendSeparation',
        endsAt: dto.endsAt,
        reason: dto.reason,
        authorityRequest: dto.authorityRequest ? { ...dto.authorityRequest } : null,
      },
      dto,
    );
  }

  @StepEndpoint('RevokeSeparation', {
    operationId: 'CasesController_revokeSeparation',
    summary: 'Revoke the separation (the home is safe again)',
  })
  revokeSeparation(@Call() call: StepCall, @CaseId() id: string, @Body() dto: RevokeSeparationDto) {
    return this.steps.exec(call, id, 'separation/revocation', { type: 'RevokeSeparation', ...dto }, dto);
  }
}
