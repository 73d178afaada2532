import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@cp/auth';
import {
  AccessLog,
  ErasePersonalDataDto,
  fieldGroups,
  idempotencyFor,
  parseIfMatch,
  setCommandHeaders,
} from '@cp/platform';
import { STEP_PATHS } from '../../domain/case.next-steps';
import { IdemKey, IfMatch, roles, stepRoute, type Hdrs, type HttpRes } from '../../http/case-steps';
import { ReadCaseQuery } from '../../read/case-file.queries';
import type { CaseView } from '../../read/case-view';
import type { HttpStep, StepMessageClass } from '../../write/step-message';
import { ApproveErasureCommand, ERASURE_STEPS } from './erasure.handlers';
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
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  @Post(stepRoute('ErasePersonalData'))
  @HttpCode(200)
  @roles('ErasePersonalData')
  @ApiOperation({
    summary:
      'Refused (409 ERASURE.APPROVAL_REQUIRED): an erasure is requested, then approved by the province',
    description:
      'The chair no longer erases a case alone: POST /cases/:id/erasure-request, then a provincial officer ' +
      'of the case’s province approves it (…/erasure-request/approval). Kept so a client of this route is ' +
      'told the rule (requiredStep: erasure-request).',
  })
  @IfMatch()
  @IdemKey()
  erase(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ErasePersonalDataDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView> {
    const command: HttpStep<'ErasePersonalData'> = {
      type: 'ErasePersonalData',
      erasureId: '',
      basis: dto.basis,
      reference: dto.reference ?? null,
    };
    return this.exec(u, id, 'ErasePersonalData', command, dto, h, res);
  }

  @Post(stepRoute('RequestErasure'))
  @HttpCode(200)
  @roles('RequestErasure')
  @ApiOperation({
    summary: "Request the erasure of a closed case's personal data (the province approves it)",
    description:
      'Refused while the case is open (409 CASE.NOT_CLOSED, requiredStep closure), without a document ' +
      'reference (422 ERASURE.REFERENCE_REQUIRED / ERASURE.REFERENCE_INVALID), under a legal hold (409 ' +
      'ERASURE.LEGAL_HOLD), before the retention period ends unless on a court order (409 ' +
      'ERASURE.RETENTION_NOT_ELAPSED with retentionEndsAt), or while another request waits (409 ' +
      'ERASURE.REQUEST_PENDING). Nothing is erased yet: the case shows `erasureRequest`. Asked again when ' +
      'there is nothing more to erase on that basis: 200, same version.',
  })
  @IfMatch()
  @IdemKey()
  request(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ErasePersonalDataDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView> {
    const command: HttpStep<'RequestErasure'> = {
      type: 'RequestErasure',
      requestId: '',
      basis: dto.basis,
      reference: dto.reference ?? null,
    };
    return this.exec(u, id, 'RequestErasure', command, dto, h, res);
  }

  @Post(stepRoute('ApproveErasure'))
  @HttpCode(200)
  @roles('ApproveErasure')
  @ApiOperation({
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
  @IfMatch()
  @IdemKey()
  async approve(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ErasureApprovalDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView> {
    // Appending PersonalDataErased destroys the case's key in the same transaction (the event store's
    // rule): no moment where the case says erased while its key still opens it.
    const { replayed } = await this.commands.execute(
      new ApproveErasureCommand(
        user,
        id,
        { type: 'ApproveErasure', requestId: dto.requestId, erasureId: '', actorUnits: [] },
        parseIfMatch(h['if-match']),
        idempotencyFor(h['idempotency-key'], user, `casework.${STEP_PATHS.ApproveErasure}:${id}`, dto),
      ),
    );
    // The answer is the case as stored now, read again: the state that erased it still holds the texts.
    const read = await this.queries.execute(new ReadCaseQuery(user, id));
    const view = read.view as CaseView;
    await this.access.recordRead(user, {
      recordKind: 'case',
      recordId: id,
      caseId: id,
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

  @Post(stepRoute('RejectErasure'))
  @HttpCode(200)
  @roles('RejectErasure')
  @ApiOperation({
    summary: 'Reject the pending erasure request, with a reason code',
    description: 'Nothing is erased; the chair may request again (e.g. with the right document).',
  })
  @IfMatch()
  @IdemKey()
  reject(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ErasureRejectionDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView> {
    const command: HttpStep<'RejectErasure'> = {
      type: 'RejectErasure',
      requestId: dto.requestId,
      reasonCode: dto.reasonCode,
    };
    return this.exec(u, id, 'RejectErasure', command, dto, h, res);
  }

  @Post(stepRoute('PlaceLegalHold'))
  @HttpCode(200)
  @roles('PlaceLegalHold')
  @ApiOperation({
    summary: 'Place a legal hold on the case: no erasure while it is in place (reason code, document)',
    description:
      'Any status of the case. The case shows the hold in `legalHolds` (holdId, reasonCode, reference, ' +
      'placedBy, placedAt); an erasure request or approval meanwhile is refused with 409 ERASURE.LEGAL_HOLD, ' +
      'and so is the hotline’s erasure of the contacts the case came from.',
  })
  @IfMatch()
  @IdemKey()
  placeHold(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: LegalHoldDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView> {
    const command: HttpStep<'PlaceLegalHold'> = {
      type: 'PlaceLegalHold',
      holdId: '',
      reasonCode: dto.reasonCode,
      reference: dto.reference ?? null,
    };
    return this.exec(u, id, 'PlaceLegalHold', command, dto, h, res);
  }

  @Post(stepRoute('ReleaseLegalHold'))
  @HttpCode(200)
  @roles('ReleaseLegalHold')
  @ApiOperation({ summary: 'Release a legal hold (reason code, document)' })
  @IfMatch()
  @IdemKey()
  releaseHold(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: LegalHoldReleaseDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: HttpRes,
  ): Promise<CaseView> {
    const command: HttpStep<'ReleaseLegalHold'> = {
      type: 'ReleaseLegalHold',
      holdId: dto.holdId,
      reasonCode: dto.reasonCode,
      reference: dto.reference ?? null,
    };
    return this.exec(u, id, 'ReleaseLegalHold', command, dto, h, res);
  }

  private async exec<T extends keyof typeof ERASURE_STEPS>(
    user: AuthUser,
    id: string,
    type: T,
    command: HttpStep<T>,
    body: unknown,
    headers: Hdrs,
    res: HttpRes,
  ): Promise<CaseView> {
    const Message = ERASURE_STEPS[type] as unknown as StepMessageClass<T>;
    const { view, replayed } = await this.commands.execute(
      new Message(
        user,
        id,
        command,
        parseIfMatch(headers['if-match']),
        idempotencyFor(headers['idempotency-key'], user, `casework.${STEP_PATHS[type]}:${id}`, body),
      ),
    );
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}
