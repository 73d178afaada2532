import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { REVIEW_OUTCOMES, type ReviewOutcome } from '../../domain/case.vocabulary';
import { RiskScoresDto, SHORT, TEXT } from '../../http/step.dto';

export class ServiceDto {
  @ApiProperty({ description: 'The plan item the service delivers' })
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  deliveredAt?: string;

  @ApiProperty({ maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  provider: string;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  description: string;

  @ApiProperty({ description: 'This delivery completes the plan item' })
  @IsBoolean()
  completesItem: boolean;
}

export class StabilityDto {
  @ApiProperty() @IsBoolean() physical: boolean;
  @ApiProperty() @IsBoolean() psychological: boolean;
  @ApiProperty() @IsBoolean() cognitive: boolean;
  @ApiProperty() @IsBoolean() emotional: boolean;
}

export class ReviewDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  reviewedAt?: string;

  @ApiProperty({ type: RiskScoresDto })
  @ValidateNested()
  @Type(() => RiskScoresDto)
  scores: RiskScoresDto;

  @ApiProperty({ description: 'The child is no longer at risk' })
  @IsBoolean()
  childSafe: boolean;

  @ApiProperty({ type: StabilityDto })
  @ValidateNested()
  @Type(() => StabilityDto)
  stability: StabilityDto;

  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @IsIn(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  notes: string;
}
