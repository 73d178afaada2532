import { Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import { AccessLog, fieldGroups, setCommandHeaders } from '@cp/platform';
import {
  ContactController,
  CONTACT_FIELD_GROUPS,
  RECEIVERS,
  operationId,
  type Res as Response,
} from '../../http/contact-http';
import { ContactIntegrityQuery, GetContactQuery } from './view-contact.queries';

@ContactController()
export class ViewContactController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessLog,
  ) {}

  @Get('contacts/:id')
  @Roles(...RECEIVERS)
  @ApiOperation({
    operationId: operationId('get'),
    summary: 'A contact with its referral, the case’s current step and deadline, repeat caller',
  })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.execute(new GetContactQuery(user, id));
    // docs/privacy.md: the read is audited before the record leaves the service (a failed write fails the read).
    await this.access.recordRead(user, {
      recordKind: 'contact',
      recordId: id,
      caseId: view.referral?.caseId ?? view.linkedCase?.caseId ?? null,
      view: 'contact',
      fields: fieldGroups(view, CONTACT_FIELD_GROUPS),
      version: view.version,
      communes: [view.incidentCommuneCode, view.referral?.communeCode],
    });
    setCommandHeaders(res, view.version);
    return view;
  }

  @Get('contacts/:id/integrity')
  @Roles('hotline_supervisor', 'inspector')
  @ApiOperation({
    operationId: operationId('integrity'),
    summary:
      "Verify the contact's hash chain and the keys of its personal data; names the first altered or missing event",
  })
  async integrity(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    const result = await this.queries.execute(new ContactIntegrityQuery(id));
    await this.access.recordRead(user, {
      recordKind: 'contact',
      recordId: id,
      caseId: null,
      view: 'integrity',
      fields: ['integrity'],
      version: result.events,
    });
    return result;
  }
}
