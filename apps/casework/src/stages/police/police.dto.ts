import { EnumField, OptionalTextField, OptionalTimestampField, TextField } from '@cp/platform';
import { CRIMINAL_OUTCOMES, type CriminalOutcome } from '../../domain/case.vocabulary';
import { TEXT, SHORT } from '../../http/step.dto';

export class PoliceNotificationDto {
  @OptionalTimestampField()
  notifiedAt?: string;

  @TextField(SHORT)
  policeUnit: string;

  @OptionalTextField(100)
  reference?: string;
}

export class CriminalOutcomeDto {
  @EnumField(CRIMINAL_OUTCOMES)
  outcome: CriminalOutcome;

  @OptionalTimestampField()
  decidedAt?: string;

  @TextField(TEXT)
  note: string;
}
