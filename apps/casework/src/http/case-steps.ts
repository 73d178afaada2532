import {
  Controller,
  HttpCode,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
  applyDecorators,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, type ApiOperationOptions } from '@nestjs/swagger';
import { Roles, type AuthUser } from '@cp/auth';
import {
  AccessLog,
  fieldGroups,
  commandGuards,
  setCommandHeaders,
  type CommandCall,
  type RecordRead,
} from '@cp/platform';
import { STEP_PATHS } from '../domain/case.next-steps';
import { STEP_RULES } from '../domain/case.permissions';
import type { CaseView } from '../read/case-view';
import type { HttpStep, HttpStepType } from '../write/step-message';
import { STEP_MESSAGES } from './step-messages';

export type HttpRes = Parameters<typeof setCommandHeaders>[0];

/** Who may call a step: the roles of its STEP_RULES row, the same table the decider enforces. */
export const roles = (command: keyof typeof STEP_RULES) => Roles(...STEP_RULES[command].roles);
/** A step's route, `:id/<path>`, from the one table of step paths (lint forbids literal routes in stages). */
export const stepRoute = (command: keyof typeof STEP_PATHS) => `:id/${STEP_PATHS[command]}`;
export const IfMatch = () =>
  ApiHeader({ name: 'If-Match', required: false, description: 'The version you saw (ETag)' });
export const IdemKey = () => ApiHeader({ name: 'Idempotency-Key', required: false });

/** A stage's controller (and the case file's): under `/cases`, tagged `cases` in the OpenAPI document, behind a bearer token. */
export const StageController = () => applyDecorators(ApiTags('cases'), ApiBearerAuth(), Controller('cases'));

/**
 * Everything a step's endpoint declares, from its command alone: POST `:id/<path>` from STEP_PATHS (so a
 * stage controller cannot write a literal route), 200, the roles of its STEP_RULES row, its operation in
 * the OpenAPI document, If-Match and Idempotency-Key. Given a summary only, the operation keeps the id
 * `CasesController_<method>` it had when one controller held every step, so the console's generated
 * client keeps its names. Listed in the reverse of the order they would be written above a method, so they
 * apply in the same order and the document does not change.
 */
export const StepEndpoint =
  (command: HttpStepType, operation: string | ApiOperationOptions): MethodDecorator =>
  (target, method, descriptor) =>
    applyDecorators(
      IdemKey(),
      IfMatch(),
      ApiOperation(
        typeof operation === 'string'
          ? { operationId: `CasesController_${String(method)}`, summary: operation }
          : operation,
      ),
      roles(command),
      HttpCode(200),
      Post(stepRoute(command)),
    )(target, method, descriptor);

/** The If-Match and idempotency of a step, its idempotency scoped `casework.<step path>:<case id>`. */
export const stepGuards = (call: CommandCall, type: HttpStepType, id: string, body: unknown) =>
  commandGuards(call, `casework.${STEP_PATHS[type]}:${id}`, body);

/** Records a read of one case in the access trail: the case is both the record read and its case. */
export const recordCaseRead = (
  access: AccessLog,
  user: AuthUser,
  id: string,
  read: Omit<RecordRead, 'recordKind' | 'recordId' | 'caseId'>,
): Promise<void> => access.recordRead(user, { recordKind: 'case', recordId: id, caseId: id, ...read });

/** The case in the route: a UUID, 400 otherwise. */
export const CaseId = () => Param('id', new ParseUUIDPipe());

/**
 * The Decree 56 procedure over HTTP: one POST per step (`/cases/:id/<step>`), each with If-Match (the
 * version you saw; 409 with the current version when someone else changed the case) and Idempotency-Key.
 * What every stage's controller shares: the step sent on the command bus (its stage's handler hands it
 * to the write path), the headers, the audit of a step
 * that changed nothing.
 */
@Injectable()
export class CaseSteps {
  constructor(
    readonly commands: CommandBus,
    private readonly access: AccessLog,
  ) {}

  /** Sends a step on the command bus: the request (caller, case id, body) and the command made of it. */
  async exec(call: CommandCall, id: string, body: unknown, command: HttpStep): Promise<CaseView> {
    const { user, res } = call;
    const { expectedVersion, idempotency } = stepGuards(call, command.type, id, body);
    const Message = STEP_MESSAGES[command.type] as new (
      ...args: ConstructorParameters<(typeof STEP_MESSAGES)[HttpStep['type']]>
    ) => InstanceType<(typeof STEP_MESSAGES)[HttpStep['type']]>;
    const { view, replayed, appended } = await this.commands.execute(
      new Message(user, id, command as never, expectedVersion, idempotency),
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
  async readIfUnchanged(user: AuthUser, view: CaseView, replayed: boolean, appended: number): Promise<void> {
    if (!replayed && appended > 0) return;
    await recordCaseRead(this.access, user, view.id, {
      view: replayed ? 'command_replayed' : 'command_unchanged',
      fields: fieldGroups(view, CASE_FIELD_GROUPS),
      version: view.version,
      communes: [view.ownerCommuneCode, view.incidentCommuneCode, view.residenceCommuneCode],
    });
  }
}

/** What a read of a case discloses, by group of the case view (recorded in the access trail by name). */
export const CASE_FIELD_GROUPS = {
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
