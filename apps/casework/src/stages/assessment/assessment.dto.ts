import {
  EnumField,
  EnumListField,
  FlagField,
  NestedField,
  OptionalEnumField,
  OptionalTimestampField,
  TextField,
} from '@cp/platform';
import { ASSESSMENT_OUTCOMES, NEEDS, type AssessmentOutcome, type Need } from '../../domain/case.vocabulary';
import { RiskScoresDto, TEXT } from '../../http/step.dto';

/** The four criteria of the risk scale, each High / Medium / Low. */

export class InitialAssessmentDto {
  @OptionalTimestampField({ description: 'When the assessment was done, if earlier than now' })
  assessedAt?: string;

  @NestedField(RiskScoresDto)
  scores: RiskScoresDto;

  @FlagField({ description: 'Serious threat to the life, health or dignity of the child' })
  seriousThreat: boolean;

  @FlagField({ description: 'The parent or caregiver is the abuser' })
  caregiverIsAbuser: boolean;

  @EnumField(ASSESSMENT_OUTCOMES)
  outcome: AssessmentOutcome;

  @TextField(TEXT)
  summary: string;
}

export class DetailedAssessmentDto {
  @OptionalTimestampField()
  assessedAt?: string;

  @NestedField(RiskScoresDto)
  scores: RiskScoresDto;

  @EnumListField(NEEDS, { nonEmpty: true })
  needs: Need[];

  @OptionalEnumField(['hotline_111', 'service_provider'])
  assistedBy?: 'hotline_111' | 'service_provider';

  @TextField(TEXT)
  summary: string;
}

export class ChangeLevelDto {
  @EnumField(['support', 'intervention'])
  to: 'support' | 'intervention';

  @TextField(TEXT)
  reason: string;
}
