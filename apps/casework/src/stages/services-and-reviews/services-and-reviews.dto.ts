import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { EnumField, FlagField, NestedField, OptionalTimestampField, TextField } from '@cp/platform';
import { REVIEW_OUTCOMES, type ReviewOutcome } from '../../domain/case.vocabulary';
import { RiskScoresDto, SHORT, TEXT } from '../../http/step.dto';

export class ServiceDto {
  @ApiProperty({ description: 'The plan item the service delivers' })
  @IsUUID()
  itemId: string;

  @OptionalTimestampField()
  deliveredAt?: string;

  @TextField(SHORT)
  provider: string;

  @TextField(TEXT)
  description: string;

  @FlagField({ description: 'This delivery completes the plan item' })
  completesItem: boolean;
}

export class StabilityDto {
  @FlagField() physical: boolean;
  @FlagField() psychological: boolean;
  @FlagField() cognitive: boolean;
  @FlagField() emotional: boolean;
}

export class ReviewDto {
  @OptionalTimestampField()
  reviewedAt?: string;

  @NestedField(RiskScoresDto)
  scores: RiskScoresDto;

  @FlagField({ description: 'The child is no longer at risk' })
  childSafe: boolean;

  @NestedField(StabilityDto)
  stability: StabilityDto;

  @EnumField(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @TextField(TEXT)
  notes: string;
}
