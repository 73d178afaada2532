import {
  EnumField,
  NestedListField,
  OptionalNestedField,
  OptionalTextField,
  OptionalTimestampField,
  TextField,
  TimestampField,
} from '@cp/platform';
import {
  EMERGENCY_MEASURES,
  MEASURE_BODIES,
  PLACEMENTS,
  type EmergencyMeasure,
  type MeasureBody,
  type Placement,
} from '../../domain/case.vocabulary';
import { TEXT, SHORT } from '../../http/step.dto';

export class EmergencyMeasureDto {
  @EnumField(EMERGENCY_MEASURES)
  measure: EmergencyMeasure;

  @EnumField(MEASURE_BODIES)
  by: MeasureBody;

  @TextField(TEXT)
  description: string;
}

export class EmergencyMeasuresDto {
  @OptionalTimestampField()
  takenAt?: string;

  @NestedListField(EmergencyMeasureDto, { nonEmpty: true, maxItems: 20 })
  measures: EmergencyMeasureDto[];
}

export class SeparationDto {
  @OptionalTextField(100, { description: 'Number of the chair’s decision (Mẫu 07)' })
  decisionNo?: string;

  @EnumField(PLACEMENTS)
  placement: Placement;

  @TextField(TEXT, { description: 'Where and with whom the child stays' })
  placementNote: string;

  @OptionalTimestampField()
  startsAt?: string;

  @TimestampField({
    description: 'End of the separation; at most 15 days (or the local policy) from the start',
  })
  endsAt: string;
}

export class AuthorityRequestDto {
  @TextField(SHORT)
  authority: string;

  @TextField(SHORT)
  reference: string;
}

export class ExtendSeparationDto {
  @TimestampField()
  endsAt: string;

  @TextField(TEXT)
  reason: string;

  @OptionalNestedField(AuthorityRequestDto, { description: 'Required to go beyond the 15-day limit' })
  authorityRequest?: AuthorityRequestDto;
}

export class RevokeSeparationDto {
  @OptionalTimestampField()
  revokedAt?: string;

  @TextField(TEXT)
  reason: string;
}
