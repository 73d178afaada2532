import { CONTACT_OUTCOMES, type ContactOutcome } from '@cp/contracts';
import { EnumField, OptionalTextField } from '@cp/platform';

/** The outcome a contact is closed with at the hotline (prevention level). */
export class CloseContactDto {
  @EnumField(CONTACT_OUTCOMES)
  outcome: ContactOutcome;

  @OptionalTextField(2000)
  note?: string;
}
