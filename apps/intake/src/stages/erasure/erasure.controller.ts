import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@cp/auth';
import {
  ErasePersonalDataDto,
  commandMetadata,
  idempotencyFor,
  parseIfMatch,
  setCommandHeaders,
} from '@cp/platform';
import { ContactReads, operationId, type Hdrs, type Res as Response } from '../../http/contact-http';
import type { ContactView } from '../../read/contact-view';
import { EraseContactCommand } from './erase-contact.command';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
export class ErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: ContactReads,
  ) {}

  @Post('contacts/:id/erasure')
  @HttpCode(200)
  @Roles('hotline_supervisor')
  @ApiOperation({
    operationId: operationId('erase'),
    summary:
      "Erase the contact's personal data: whole for a contact closed at the hotline; only the caller's identity for a report that went to a case",
    description:
      'Every basis needs a document reference (422 ERASURE.REFERENCE_REQUIRED / ERASURE.REFERENCE_INVALID). ' +
      'A contact that never went to a case, once closed (else 409 CONTACT.NOT_CLOSED): its children, reporter ' +
      'and narrative. A report that went to a case (referred, or a repeat report linked to it): only the ' +
      "caller's identity (`reporter:`), once the case is closed (else 409 CONTACT.CASE_OPEN), not under a legal " +
      'hold (409 ERASURE.LEGAL_HOLD) and past its retention period unless on a court order (409 ' +
      'ERASURE.RETENTION_NOT_ELAPSED with retentionEndsAt); what it says about the child is erased with the ' +
      'case (requested by the commune, approved by the province). The keys are destroyed: the fields read ' +
      '`[erased]` from then on, everywhere; the events, their hash chain and the statistics stay. Asked again ' +
      'with nothing left to erase: 200, same version.',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async erase(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ErasePersonalDataDto,
    @Headers() h: Hdrs,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactView> {
    const { view, replayed, appended } = await this.commands.execute(
      new EraseContactCommand(
        id,
        { basis: dto.basis, reference: dto.reference ?? null },
        commandMetadata(user, 'VN'),
        {
          expectedVersion: parseIfMatch(h['if-match']),
          idempotency: idempotencyFor(h['idempotency-key'], user, `intake.erasure:${id}`, dto),
        },
      ),
    );
    await this.reads.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}
