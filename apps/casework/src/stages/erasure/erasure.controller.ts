import { Body } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  AccessLog,
  ErasePersonalDataDto,
  fieldGroups,
  setCommandHeaders,
  Call,
  type CommandCall,
} from '@cp/platform';
import { CaseId, recordCaseRead, StageController, StepEndpoint, stepGuards } from '../../http/case-steps';
import { ReadCaseQuery } from '../../read/case-file.queries';
import type { CaseView } from '../../read/case-view';
import type { HttpStep, StepMessageClass } from '../../write/step-message';
import { ERASURE_STEPS } from './erasure.handlers';
import { ErasureApprovalDto, ErasureRejectionDto, LegalHoldDto, LegalHoldReleaseDto } from './erasure.dto';

/**
 * Erasure of a case's personal data under governance (PDPL 91/2025 Art. 14; Law on Children 2016 Art. 6,
 * 21): the chair of the commune that carries a closed case requests it, once the retention period of the
 * policy in force at the closure has run out (a court order excepted) and while no legal hold is in place;
 * a provincial officer of the case's province — not the requester, not acting for the commune — approves
 * or rejects it. The approval is the erasure: PersonalDataErased, whose append destroys the case's key in
 * the same transaction; intake erases, in the contacts the case came from, what the basis reaches
 * (docs/privacy.md "Erasure"). Provincial officers and inspectors place and release legal holds.
 */
@StageController()
export class ErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  @StepEndpoint('ErasePersonalData', {
    summary:
      'Refused (409 ERASURE.APPROVAL_REQUIRED): an erasure is requested, then approved by the province',
    description:
      'The chair no longer erases a case alone: POST /cases/:id/erasure-request, then a provincial officer ' +
      'of the case’s province approves it (…/erasure-request/approval). Kept so a client of this route is ' +
      'told the rule (requiredStep: erasure-request).',
  })
  erase(
    @Call() call: CommandCall,
    @CaseId() id: string,
    @Body() dto: ErasePersonalDataDto,
  ): Promise<CaseView> {
    const command: HttpStep<'ErasePersonalData'> = {
      type: 'ErasePersonalData',
      erasureId: '',
      basis: dto.basis,
      reference: dto.reference ?? null,
    };
    return this.exec(call, id, 'ErasePersonalData', command, dto);
  }

  @StepEndpoint('RequestErasure', {
    summary: "Request the erasure of a closed case's personal data (the province approves it)",
    description:
      'Refused while the case is open (409 CASE.NOT_CLOSED, requiredStep closure), without a document ' +
      'reference (422 ERASURE.REFERENCE_REQUIRED / ERASURE.REFERENCE_INVALID), under a legal hold (409 ' +
      'ERASURE.LEGAL_HOLD), before the retention period ends unless on a court order (409 ' +
      'ERASURE.RETENTION_NOT_ELAPSED with retentionEndsAt), or while another request waits (409 ' +
      'ERASURE.REQUEST_PENDING). Nothing is erased yet: the case shows `erasureRequest`. Asked again when ' +
      'there is nothing more to erase on that basis: 200, same version.',
  })
  request(
    @Call() call: CommandCall,
    @CaseId() id: string,
    @Body() dto: ErasePersonalDataDto,
  ): Promise<CaseView> {
    const command: HttpStep<'RequestErasure'> = {
      type: 'RequestErasure',
      requestId: '',
      basis: dto.basis,
      reference: dto.reference ?? null,
    };
    return this.exec(call, id, 'RequestErasure', command, dto);
  }

  @StepEndpoint('ApproveErasure', {
    summary: "Approve the pending erasure request: the case's personal data is erased (then intake's)",
    description:
      "Destroys the case's key: every free text of the case reads `[erased]` from then on; intake erases, " +
      'in the contacts the case came from, what the basis reaches (the children and what was told about ' +
      'them always; a caller’s identity only on retention_expired or court_order). The events, their hash ' +
      'chain, the deadlines and the statistics stay. Refused to the requester (403 ' +
      'ERASURE.REQUESTER_CANNOT_APPROVE), to an officer who also acts for the commune (403 ' +
      'ERASURE.APPROVER_IN_SAME_COMMUNE), without a pending request (409 ERASURE.NO_PENDING_REQUEST), and, ' +
      'decided again, under a legal hold or before the retention period ends.',
  })
  async approve(
    @Call() call: CommandCall,
    @CaseId() id: string,
    @Body() dto: ErasureApprovalDto,
  ): Promise<CaseView> {
    const { user, res } = call;
    const { expectedVersion, idempotency } = stepGuards(call, 'ApproveErasure', id, dto);
    // Appending PersonalDataErased destroys the case's key in the same transaction (the event store's
    // rule): no moment where the case says erased while its key still opens it.
    const { replayed } = await this.commands.execute(
      new ERASURE_STEPS.ApproveErasure(
        user,
        id,
        { type: 'ApproveErasure', requestId: dto.requestId, erasureId: '', actorUnits: [] },
        expectedVersion,
        idempotency,
      ),
    );
    // The answer is the case as stored now, read again: the state that erased it still holds the texts.
    const read = await this.queries.execute(new ReadCaseQuery(user, id));
    const view = read.view as CaseView;
    await recordCaseRead(this.access, user, id, {
      view: 'erasure',
      fields: fieldGroups(view, {
        status: ['status', 'level', 'ownerCommuneCode'],
        deadlines: ['deadlines'],
      }),
      asAt: null,
      version: view.version,
      communes: [view.ownerCommuneCode, view.incidentCommuneCode, view.residenceCommuneCode],
    });
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  @StepEndpoint('RejectErasure', {
    summary: 'Reject the pending erasure request, with a reason code',
    description: 'Nothing is erased; the chair may request again (e.g. with the right document).',
  })
  reject(
    @Call() call: CommandCall,
    @CaseId() id: string,
    @Body() dto: ErasureRejectionDto,
  ): Promise<CaseView> {
    const command: HttpStep<'RejectErasure'> = {
      type: 'RejectErasure',
      requestId: dto.requestId,
      reasonCode: dto.reasonCode,
    };
    return this.exec(call, id, 'RejectErasure', command, dto);
  }

  @StepEndpoint('PlaceLegalHold', {
    summary: 'Place a legal hold on the case: no erasure while it is in place (reason code, document)',
    description:
      'Any status of the case. The case shows the hold in `legalHolds` (holdId, reasonCode, reference, ' +
      'placedBy, placedAt); an erasure request or approval meanwhile is refused with 409 ERASURE.LEGAL_HOLD, ' +
      'and so is the hotline’s erasure of the contacts the case came from.',
  })
  placeHold(@Call() call: CommandCall, @CaseId() id: string, @Body() dto: LegalHoldDto): Promise<CaseView> {
    const command: HttpStep<'PlaceLegalHold'> = {
      type: 'PlaceLegalHold',
      holdId: '',
      reasonCode: dto.reasonCode,
      reference: dto.reference ?? null,
    };
    return this.exec(call, id, 'PlaceLegalHold', command, dto);
  }

  @StepEndpoint('ReleaseLegalHold', { summary: 'Release a legal hold (reason code, document)' })
  releaseHold(
    @Call() call: CommandCall,
    @CaseId() id: string,
    @Body() dto: LegalHoldReleaseDto,
  ): Promise<CaseView> {
    const command: HttpStep<'ReleaseLegalHold'> = {
      type: 'ReleaseLegalHold',
      holdId: dto.holdId,
      reasonCode: dto.reasonCode,
      reference: dto.reference ?? null,
    };
    return this.exec(call, id, 'ReleaseLegalHold', command, dto);
  }

  private async exec<T extends keyof typeof ERASURE_STEPS>(
    call: CommandCall,
    id: string,
    type: T,
    command: HttpStep<T>,
    body: unknown,
  ): Promise<CaseView> {
    const Message = ERASURE_STEPS[type] as unknown as StepMessageClass<T>;
    const { expectedVersion, idempotency } = stepGuards(call, type, id, body);
    const { view, replayed } = await this.commands.execute(
      new Message(call.user, id, command, expectedVersion, idempotency),
    );
    setCommandHeaders(call.res, view.version, { replayed });
    return view;
  }
}
