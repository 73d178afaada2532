import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ASSESSMENT_OUTCOMES, NEEDS, type AssessmentOutcome, type Need } from '../../domain/case.vocabulary';
import { RiskScoresDto, TEXT } from '../../http/step.dto';

/** The four criteria of the risk scale, each High / Medium / Low. */

export class InitialAssessmentDto {
  @ApiPropertyOptional({ description: 'When the assessment was done, if earlier than now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  assessedAt?: string;

  @ApiProperty({ type: RiskScoresDto })
  @ValidateNested()
  @Type(() => RiskScoresDto)
  scores: RiskScoresDto;

  @ApiProperty({ description: 'Serious threat to the life, health or dignity of the child' })
  @IsBoolean()
  seriousThreat: boolean;

  @ApiProperty({ description: 'The parent or caregiver is the abuser' })
  @IsBoolean()
  caregiverIsAbuser: boolean;

  @ApiProperty({ enum: ASSESSMENT_OUTCOMES })
  @IsIn(ASSESSMENT_OUTCOMES)
  outcome: AssessmentOutcome;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  summary: string;
}

export class DetailedAssessmentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  assessedAt?: string;

  @ApiProperty({ type: RiskScoresDto })
  @ValidateNested()
  @Type(() => RiskScoresDto)
  scores: RiskScoresDto;

  @ApiProperty({ enum: NEEDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NEEDS.length)
  @IsIn(NEEDS, { each: true })
  needs: Need[];

  @ApiPropertyOptional({ enum: ['hotline_111', 'service_provider'] })
  @IsOptional()
  @IsIn(['hotline_111', 'service_provider'])
  assistedBy?: 'hotline_111' | 'service_provider';

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  summary: string;
}

export class ChangeLevelDto {
  @ApiProperty({ enum: ['support', 'intervention'] })
  @IsIn(['support', 'intervention'])
  to: 'support' | 'intervention';

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  reason: string;
}
