import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, HOTLINE_ROLES, Roles, type AuthUser } from '@cp/auth';
import { AccessLog, fieldGroups, idempotencyFor, parseIfMatch, setCommandHeaders } from '@cp/platform';
import {
  AssignWorkerDto,
  AtQueryDto,
  ChangeLevelDto,
  CloseCaseDto,
  CriminalOutcomeDto,
  DetailedAssessmentDto,
  DraftPlanDto,
  EmergencyMeasuresDto,
  EmptyDto,
  ExtendSeparationDto,
  InitialAssessmentDto,
  IntegrityQueryDto,
  ListCasesQueryDto,
  NeedsMeetingDto,
  NoteDto,
  OpenCaseDto,
  PlanDecisionDto,
  PoliceNotificationDto,
  ReasonDto,
  ResidenceDto,
  ReviewDto,
  RevokeSeparationDto,
  SeparationDto,
  ServiceDto,
  TransferDto,
} from './cases.dto';
import { CasesService, type StepCommand } from './cases.service';
import type { CaseFollowUpView, CaseView } from './case-view';
import { CASE_READERS, STEP_RULES } from '../domain/case.permissions';

type Res = Parameters<typeof setCommandHeaders>[0];

/** The list and a single case: the case readers, and the hotline for the cases it referred (follow-up view). */
const CASE_FOLLOWERS = [...CASE_READERS, ...HOTLINE_ROLES] as const;

const roles = (command: keyof typeof STEP_RULES) => Roles(...STEP_RULES[command].roles);
const IfMatch = () =>
  ApiHeader({ name: 'If-Match', required: false, description: 'The version you saw (ETag)' });
const IdemKey = () => ApiHeader({ name: 'Idempotency-Key', required: false });

/**
 * The Decree 56 procedure over HTTP: one POST per step (`/cases/:id/<step>`), each with If-Match (the
 * version you saw; 409 with the current version when someone else changed the case) and Idempotency-Key.
 * Who may call each step comes from STEP_RULES, the same table the decider enforces.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly access: AccessLog,
  ) {}

  @Post()
  @HttpCode(201)
  @roles('OpenCase')
  @ApiOperation({ summary: 'Open a case from a report the commune received directly (Mẫu 01)' })
  @IdemKey()
  async open(
    @CurrentUser() user: AuthUser,
    @Body() dto: OpenCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Res,
  ): Promise<CaseView> {
    const { view, replayed, appended } = await this.cases.openDirect(
      user,
      dto,
      idempotencyFor(key, user, 'casework.open-case', dto),
    );
    await this.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { location: `/api/v1/cases/${view.id}`, replayed });
    return view;
  }

  @Get()
  @Roles(...CASE_FOLLOWERS)
  @ApiOperation({
    summary:
      'Cases of your communes: a work list, most overdue first (hotline: the cases you referred; a supervisor: every hotline referral)',
  })
  list(@CurrentUser() user: AuthUser, @Query() q: ListCasesQueryDto) {
    return this.cases.list(user, {
      status: q.status,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      worker: q.worker,
      limit: q.limit,
    });
  }

  @Get(':id')
  @Roles(...CASE_FOLLOWERS)
  @ApiOperation({
    summary:
      'The case now, or as it was at ?at=<instant>, with its deadlines and next steps (hotline roles: the follow-up view of a case they referred, without its content)',
  })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: AtQueryDto,
    @Res({ passthrough: true }) res: Res,
  ): Promise<CaseView | CaseFollowUpView> {
    const at = q.at ? new Date(q.at).toISOString() : undefined;
    const read = await this.cases.read(user, id, at);
    if (read.kind === 'follow_up') {
      const followUp = read.view;
      // Audited like every read of a case, as what it is: the follow-up view and its groups.
      await this.access.recordRead(user, {
        recordKind: 'case',
        recordId: id,
        caseId: id,
        view: at ? 'follow_up_at' : 'follow_up',
        fields: fieldGroups(followUp, FOLLOW_UP_FIELD_GROUPS),
        asAt: at ?? null,
        version: followUp.version,
        communes: [followUp.carryingCommuneCode, followUp.incidentCommuneCode],
      });
      setCommandHeaders(res, followUp.version);
      return followUp;
    }
    const view = read.view;
    // docs/privacy.md: the read is audited before the record leaves the service (a failed write fails the read).
    await this.access.recordRead(user, {
      recordKind: 'case',
      recordId: id,
      caseId: id,
      view: at ? 'state_at' : 'state',
      fields: fieldGroups(view, CASE_FIELD_GROUPS),
      asAt: at ?? null,
      version: view.version,
      communes: [view.ownerCommuneCode, view.incidentCommuneCode, view.residenceCommuneCode],
    });
    setCommandHeaders(res, view.version);
    return view;
  }

  @Get(':id/identity')
  @Roles('commune_worker', 'commune_chair')
  @ApiOperation({
    summary:
      "Who the child is (Decree 56 Art. 26.1): the children's names, dates of birth, addresses, family and carers, and the reporter when they gave their details — for the commune that carries the case",
    description:
      'Only the worker and the chair of the carrying commune (403 CASE.NOT_CARRYING_COMMUNE for another commune that sees the case; 404 for a case the user cannot see). Every read is access-logged (view `identity`). The texts read `[erased]` after the case’s erasure. A case opened before the referral carried the identity, or received directly, answers empty children and no reporter.',
  })
  async identity(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    const view = await this.cases.identity(user, id);
    await this.access.recordRead(user, {
      recordKind: 'case',
      recordId: id,
      caseId: id,
      view: 'identity',
      fields: [
        ...(view.children.length ? ['children_identity'] : []),
        ...(view.reporter ? ['reporter'] : []),
      ],
      version: view.version,
      communes: [view.carryingCommuneCode],
    });
    return view;
  }

  @Get(':id/history')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'Every event of the case with its actor and time' })
  async history(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    const events = await this.cases.history(user, id);
    await this.access.recordRead(user, {
      recordKind: 'case',
      recordId: id,
      caseId: id,
      view: 'history',
      fields: ['history'],
      version: events.length,
      communes: events.flatMap((e) => communeCodesIn(e.data)),
    });
    return events;
  }

  @Get(':id/integrity')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'Verify the hash chain of the case; names the first altered or missing event' })
  async integrity(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: IntegrityQueryDto,
  ) {
    const result = await this.cases.integrity(user, id, { chain: q.detail === 'events' });
    await this.access.recordRead(user, {
      recordKind: 'case',
      recordId: id,
      caseId: id,
      view: 'integrity',
      fields: ['integrity'],
      version: result.events,
    });
    return result;
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @roles('AssignWorker')
  @ApiOperation({ summary: 'Assign the commune worker who carries the case' })
  @IfMatch()
  @IdemKey()
  assign(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AssignWorkerDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'assignment', { type: 'AssignWorker', workerId: dto.workerId }, dto, h, res);
  }

  @Post(':id/residence')
  @HttpCode(200)
  @roles('RecordResidence')
  @ApiOperation({ summary: 'Record the commune where the child lives (Law Art. 52.2)' })
  @IfMatch()
  @IdemKey()
  residence(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ResidenceDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'residence',
      { type: 'RecordResidence', communeCode: dto.communeCode, provinceCode: '' },
      dto,
      h,
      res,
    );
  }

  @Post(':id/initial-assessment')
  @HttpCode(200)
  @roles('RecordInitialAssessment')
  @ApiOperation({ summary: 'Initial assessment of risk and harm (Mẫu 02), within 12 hours of the report' })
  @IfMatch()
  @IdemKey()
  initialAssessment(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: InitialAssessmentDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'initial-assessment',
      { type: 'RecordInitialAssessment', ...dto, scores: { ...dto.scores } },
      dto,
      h,
      res,
    );
  }

  @Post(':id/emergency-measures')
  @HttpCode(200)
  @roles('TakeEmergencyMeasures')
  @ApiOperation({ summary: 'Emergency measures ordered by the chair (what, by whom, when)' })
  @IfMatch()
  @IdemKey()
  emergency(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: EmergencyMeasuresDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'emergency-measures',
      { type: 'TakeEmergencyMeasures', takenAt: dto.takenAt, measures: dto.measures.map((m) => ({ ...m })) },
      dto,
      h,
      res,
    );
  }

  @Post(':id/separation')
  @HttpCode(200)
  @roles('DecideSeparation')
  @ApiOperation({ summary: 'Temporary separation from parents or caregivers (Mẫu 07), at most 15 days' })
  @IfMatch()
  @IdemKey()
  separation(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SeparationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'separation',
      { type: 'DecideSeparation', separationId: '', ...dto },
      dto,
      h,
      res,
    );
  }

  @Post(':id/separation/extension')
  @HttpCode(200)
  @roles('ExtendSeparation')
  @ApiOperation({ summary: 'Extend the separation; beyond 15 days only on a competent authority’s request' })
  @IfMatch()
  @IdemKey()
  extendSeparation(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ExtendSeparationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'separation/extension',
      {
        type: 'ExtendSeparation',
        endsAt: dto.endsAt,
        reason: dto.reason,
        authorityRequest: dto.authorityRequest ? { ...dto.authorityRequest } : null,
      },
      dto,
      h,
      res,
    );
  }

  @Post(':id/separation/revocation')
  @HttpCode(200)
  @roles('RevokeSeparation')
  @ApiOperation({ summary: 'Revoke the separation (the home is safe again)' })
  @IfMatch()
  @IdemKey()
  revokeSeparation(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RevokeSeparationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'separation/revocation', { type: 'RevokeSeparation', ...dto }, dto, h, res);
  }

  @Post(':id/detailed-assessment')
  @HttpCode(200)
  @roles('RecordDetailedAssessment')
  @ApiOperation({ summary: 'Detailed assessment of risk and needs (Mẫu 03)' })
  @IfMatch()
  @IdemKey()
  detailedAssessment(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DetailedAssessmentDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'detailed-assessment',
      { type: 'RecordDetailedAssessment', ...dto, scores: { ...dto.scores } },
      dto,
      h,
      res,
    );
  }

  @Post(':id/needs-meeting')
  @HttpCode(200)
  @roles('RecordNeedsMeeting')
  @ApiOperation({ summary: 'Needs meeting chaired by the chair: participants, the child’s views, minutes' })
  @IfMatch()
  @IdemKey()
  needsMeeting(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: NeedsMeetingDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
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

  @Post(':id/plan')
  @HttpCode(200)
  @roles('DraftPlan')
  @ApiOperation({ summary: 'Draft the support/intervention plan (Mẫu 04), or its revision' })
  @IfMatch()
  @IdemKey()
  plan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DraftPlanDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    const items = dto.items.map((i) => ({ ...i, itemId: i.itemId ?? '' }));
    return this.exec(
      u,
      id,
      'plan',
      { type: 'DraftPlan', goals: [...dto.goals], items, revisionReason: dto.revisionReason ?? null },
      dto,
      h,
      res,
    );
  }

  @Post(':id/plan/submission')
  @HttpCode(200)
  @roles('SubmitPlan')
  @ApiOperation({ summary: 'Submit the plan to the chair for decision' })
  @IfMatch()
  @IdemKey()
  submitPlan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: EmptyDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'plan/submission', { type: 'SubmitPlan' }, dto ?? {}, h, res);
  }

  @Post(':id/plan/decision')
  @HttpCode(200)
  @roles('DecidePlan')
  @ApiOperation({ summary: 'The chair approves the plan (Mẫu 05) or returns it with reasons' })
  @IfMatch()
  @IdemKey()
  decidePlan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PlanDecisionDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'plan/decision', { type: 'DecidePlan', ...dto }, dto, h, res);
  }

  @Post(':id/services')
  @HttpCode(200)
  @roles('RecordService')
  @ApiOperation({ summary: 'A service or measure delivered against an item of the approved plan' })
  @IfMatch()
  @IdemKey()
  service(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ServiceDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'services', { type: 'RecordService', serviceId: '', ...dto }, dto, h, res);
  }

  @Post(':id/reviews')
  @HttpCode(200)
  @roles('RecordReview')
  @ApiOperation({ summary: 'Review (Mẫu 06): four criteria, safety and stability, continue / revise / end' })
  @IfMatch()
  @IdemKey()
  review(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReviewDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'reviews',
      { type: 'RecordReview', ...dto, scores: { ...dto.scores }, stability: { ...dto.stability } },
      dto,
      h,
      res,
    );
  }

  @Post(':id/plan/end')
  @HttpCode(200)
  @roles('EndPlan')
  @ApiOperation({
    summary: 'End the plan and close the case, only when the child is safe and stable (Art. 30)',
  })
  @IfMatch()
  @IdemKey()
  endPlan(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: NoteDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'plan/end', { type: 'EndPlan', note: dto.note }, dto, h, res);
  }

  @Post(':id/closure')
  @HttpCode(200)
  @roles('CloseCase')
  @ApiOperation({ summary: 'Close the case with a reason (not verified, no need, duplicate, turned 16, …)' })
  @IfMatch()
  @IdemKey()
  close(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CloseCaseDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'closure', { type: 'CloseCase', ...dto }, dto, h, res);
  }

  @Post(':id/reopening')
  @HttpCode(200)
  @roles('ReopenCase')
  @ApiOperation({ summary: 'Reopen a closed case with a reason; a new initial assessment is due' })
  @IfMatch()
  @IdemKey()
  reopen(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'reopening', { type: 'ReopenCase', reason: dto.reason }, dto, h, res);
  }

  @Post(':id/level')
  @HttpCode(200)
  @roles('ChangeLevel')
  @ApiOperation({ summary: 'Change the protection level (support ↔ intervention) with a reason' })
  @IfMatch()
  @IdemKey()
  level(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChangeLevelDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'level', { type: 'ChangeLevel', ...dto }, dto, h, res);
  }

  @Post(':id/police-notification')
  @HttpCode(200)
  @roles('NotifyPolice')
  @ApiOperation({ summary: 'Record that the police were notified (criminal track)' })
  @IfMatch()
  @IdemKey()
  police(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PoliceNotificationDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'police-notification', { type: 'NotifyPolice', ...dto }, dto, h, res);
  }

  @Post(':id/criminal-outcome')
  @HttpCode(200)
  @roles('RecordCriminalOutcome')
  @ApiOperation({ summary: 'Record an outcome of the criminal track' })
  @IfMatch()
  @IdemKey()
  criminalOutcome(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CriminalOutcomeDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'criminal-outcome', { type: 'RecordCriminalOutcome', ...dto }, dto, h, res);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @roles('RequestTransfer')
  @ApiOperation({ summary: 'Hand the case over to the commune the child now lives in' })
  @IfMatch()
  @IdemKey()
  transfer(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TransferDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(
      u,
      id,
      'transfer',
      { type: 'RequestTransfer', toCommuneCode: dto.toCommuneCode, toProvinceCode: '', reason: dto.reason },
      dto,
      h,
      res,
    );
  }

  @Post(':id/transfer/acceptance')
  @HttpCode(200)
  @roles('AcceptTransfer')
  @ApiOperation({ summary: 'The receiving commune accepts the case' })
  @IfMatch()
  @IdemKey()
  acceptTransfer(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: EmptyDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'transfer/acceptance', { type: 'AcceptTransfer' }, dto ?? {}, h, res);
  }

  @Post(':id/transfer/decline')
  @HttpCode(200)
  @roles('DeclineTransfer')
  @ApiOperation({ summary: 'The receiving commune declines the case, with a reason' })
  @IfMatch()
  @IdemKey()
  declineTransfer(
    @CurrentUser() u: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReasonDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Res,
  ) {
    return this.exec(u, id, 'transfer/decline', { type: 'DeclineTransfer', reason: dto.reason }, dto, h, res);
  }

  private async exec(
    user: AuthUser,
    id: string,
    step: string,
    command: StepCommand,
    body: unknown,
    headers: Hdrs,
    res: Res,
  ): Promise<CaseView> {
    const { view, replayed, appended } = await this.cases.step(
      user,
      id,
      command,
      parseIfMatch(headers['if-match']),
      idempotencyFor(headers['idempotency-key'], user, `casework.${step}:${id}`, body),
    );
    await this.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }

  /**
   * A step answers the whole case. When it changed the case, its event names who and when; when it changed
   * nothing (a repeated closure, the same worker assigned again, a repeat of an Idempotency-Key) the answer
   * is only a read, and is recorded as one.
   */
  private async readIfUnchanged(
    user: AuthUser,
    view: CaseView,
    replayed: boolean,
    appended: number,
  ): Promise<void> {
    if (!replayed && appended > 0) return;
    await this.access.recordRead(user, {
      recordKind: 'case',
      recordId: view.id,
      caseId: view.id,
      view: replayed ? 'command_replayed' : 'command_unchanged',
      fields: fieldGroups(view, CASE_FIELD_GROUPS),
      version: view.version,
      communes: [view.ownerCommuneCode, view.incidentCommuneCode, view.residenceCommuneCode],
    });
  }
}

type Hdrs = Record<string, string | undefined>;

/** What a read of a case discloses, by group of the case view (recorded in the access trail by name). */
const CASE_FIELD_GROUPS = {
  status: ['status', 'level', 'ownerCommuneCode', 'assignedWorkerId', 'levelChanges'],
  report: ['source', 'receivedAt', 'concerns', 'category', 'setting', 'report', 'additionalReports'],
  children: ['children'],
  assessment: ['initialAssessment', 'detailedAssessment'],
  emergency: ['emergencyMeasures', 'separations'],
  needs_meeting: ['needsMeeting'],
  plan: ['plan'],
  services: ['services'],
  reviews: ['reviews'],
  police: ['police'],
  transfers: ['pendingTransfer', 'transfers'],
  closure: ['closure', 'reopenings'],
  deadlines: ['deadlines'],
} as const;

/** What the hotline's follow-up view discloses, by group (named `follow_up.*` in the access trail). */
const FOLLOW_UP_FIELD_GROUPS = {
  'follow_up.status': ['state', 'takenUp', 'overdue', 'urgent', 'source'],
  'follow_up.communes': ['incidentCommuneCode', 'carryingCommuneCode'],
  'follow_up.worker': ['assignedWorkerId'],
  'follow_up.dates': ['receivedAt', 'openedAt', 'closedAt'],
} as const satisfies Record<string, ReadonlyArray<keyof CaseFollowUpView>>;

/** Commune codes named in an event's data (the case's communes, for the reader's acting unit). */
function communeCodesIn(data: unknown): string[] {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([k, v]) => /communeCode$/i.test(k) && typeof v === 'string')
    .map(([, v]) => v as string);
}
