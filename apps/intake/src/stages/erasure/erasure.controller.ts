import { Body } from '@nestjs/common';
import { ErasePersonalDataDto, commandMetadata, Call, type CommandCall } from '@cp/platform';
import { ContactCommandEndpoint, ContactCommands } from '../../http/contact-commands';
import { ContactController, ContactId } from '../../http/contact-http';
import { EraseContactCommand } from './erase-contact.command';

@ContactController()
export class ErasureController {
  constructor(private readonly contacts: ContactCommands) {}

  @ContactCommandEndpoint(
    { step: 'erasure', status: 200, roles: ['hotline_supervisor'] },
    {
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
    },
  )
  erase(@Call() call: CommandCall, @ContactId() id: string, @Body() dto: ErasePersonalDataDto) {
    return this.contacts.sendWith(
      call,
      'erasure',
      id,
      dto,
      (guards) =>
        new EraseContactCommand(
          id,
          { basis: dto.basis, reference: dto.reference ?? null },
          commandMetadata(call.user, 'VN'),
          guards,
        ),
    );
  }
}
