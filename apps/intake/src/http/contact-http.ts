import {
  Controller,
  HttpCode,
  Injectable,
  Param,
  ParseUUIDPipe,
  Post,
  applyDecorators,
} from '@nestjs/common';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, type ApiOperationOptions } from '@nestjs/swagger';
import { Roles, type AuthUser } from '@cp/auth';
import type { Role } from '@cp/contracts';
import { AccessLog, fieldGroups, commandGuards, setCommandHeaders, type CommandCall } from '@cp/platform';
import type { ContactView } from '../read/contact-view';
import type { CommandOutcome } from '../write/contact-writer';

export type Res = Parameters<typeof setCommandHeaders>[0];

/** A stage's controller: at the root of the API, tagged `contacts` in the OpenAPI document, behind a bearer token. */
export const ContactController = () => applyDecorators(ApiTags('contacts'), ApiBearerAuth(), Controller());

/** The contact in the route: a UUID, 400 otherwise. */
export const ContactId = () => Param('id', new ParseUUIDPipe());

/** The If-Match and idempotency of a command on a contact, its idempotency scoped `intake.<scope>:<contact id>`. */
export const contactGuards = (call: CommandCall, scope: string, id: string, body: unknown) =>
  commandGuards(call, `intake.${scope}:${id}`, body);

/** The guards of a command on a contact: the version the user saw and the request's idempotency. */
export type ContactGuards = ReturnType<typeof contactGuards>;

/**
 * Everything a command on one contact declares: POST `contacts/:id/<step>`, its status, who may send it,
 * its operation in the OpenAPI document, If-Match (with a description where the operation has one) and
 * Idempotency-Key. Listed in the reverse of the order they would be written above a method, so they apply
 * in the same order and the document does not change.
 */
export const ContactCommandEndpoint = (
  route: { step: string; status: 200 | 201; roles: readonly Role[]; ifMatch?: string },
  operation: ApiOperationOptions,
) =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false }),
    ApiHeader(
      route.ifMatch === undefined
        ? { name: 'If-Match', required: false }
        : { name: 'If-Match', required: false, description: route.ifMatch },
    ),
    ApiOperation(operation),
    Roles(...route.roles),
    HttpCode(route.status),
    Post(`contacts/:id/${route.step}`),
  );

/** Contacts, reporters and notes are for the hotline only (docs/privacy.md: reporters are confidential). */
export const HOTLINE = ['hotline_counsellor', 'hotline_supervisor'] as const;
/**
 * The other bodies that receive reports and record Mẫu 01 (Decree 56 Art. 25.1): a provincial officer (Sở Y
 * tế) for the communes of their province, a commune worker for their own communes. They record, search for
 * duplicates, read and refer the reports of their jurisdiction; the rest of the hotline's work stays its own.
 */
export const RECEIVERS = [...HOTLINE, 'provincial_officer', 'commune_worker'] as const;

/**
 * The OpenAPI operation id of an endpoint: the one it had when the contacts' endpoints were one controller,
 * kept so the console's generated client (apps/console/src/api/generated) does not change.
 */
export const operationId = (method: string) => `ContactsController_${method}`;

/** What a read of a contact discloses, by group of the contact view (recorded in the access trail by name). */
export const CONTACT_FIELD_GROUPS = {
  report: [
    'receivedAt',
    'channel',
    'purpose',
    'category',
    'concerns',
    'sexualAbuseSubtypes',
    'immediateDanger',
  ],
  children: ['children'],
  reporter: ['reporter', 'callerType'],
  incident: ['place', 'currentCondition', 'actionsTaken'],
  alleged_abuser: ['allegedAbusers'],
  notes: ['notes'],
  referral: ['referral', 'linkedCase'],
  closure: ['closure'],
} as const;

/** The access trail of what the contacts' endpoints answer (docs/privacy.md). */
@Injectable()
export class ContactReads {
  constructor(private readonly access: AccessLog) {}

  /**
   * A command answers the whole contact. When it changed the contact, its event names who and when; when it
   * changed nothing (asked again, or a repeat of an Idempotency-Key) the answer is only a read, and is
   * recorded as one.
   */
  async readIfUnchanged(
    user: AuthUser,
    view: ContactView,
    replayed: boolean,
    appended: number,
  ): Promise<void> {
    if (!replayed && appended > 0) return;
    await this.access.recordRead(user, {
      recordKind: 'contact',
      recordId: view.id,
      caseId: view.referral?.caseId ?? view.linkedCase?.caseId ?? null,
      view: replayed ? 'command_replayed' : 'command_unchanged',
      fields: fieldGroups(view, CONTACT_FIELD_GROUPS),
      version: view.version,
      communes: [view.incidentCommuneCode, view.referral?.communeCode],
    });
  }

  /** What a command on a contact answers: the contact, its version as the ETag, the audit if unchanged. */
  async answer({ user, res }: CommandCall, outcome: CommandOutcome): Promise<ContactView> {
    const { view, replayed, appended } = outcome;
    await this.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}

/**
 * A command on one contact sent on the command bus: its If-Match and idempotency (scoped
 * `intake.<scope>:<contact id>`) read from the request first, then the command built with them, then the
 * contact answered (ContactReads.answer).
 */
@Injectable()
export class ContactCommands {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: ContactReads,
  ) {}

  async send(
    call: CommandCall,
    scope: string,
    id: string,
    body: unknown,
    command: (guards: ContactGuards) => ICommand,
  ): Promise<ContactView> {
    const guards = contactGuards(call, scope, id, body);
    const outcome = await this.commands.execute<ICommand, CommandOutcome>(command(guards));
    return this.reads.answer(call, outcome);
  }
}
