import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
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
  @ApiProperty({ enum: EMERGENCY_MEASURES })
  @IsIn(EMERGENCY_MEASURES)
  measure: EmergencyMeasure;

  @ApiProperty({ enum: MEASURE_BODIES })
  @IsIn(MEASURE_BODIES)
  by: MeasureBody;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  description: string;
}

export class EmergencyMeasuresDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  takenAt?: string;

  @ApiProperty({ type: [EmergencyMeasureDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EmergencyMeasureDto)
  measures: EmergencyMeasureDto[];
}

export class SeparationDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Number of the chair’s decision (Mẫu 07)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  decisionNo?: string;

  @ApiProperty({ enum: PLACEMENTS })
  @IsIn(PLACEMENTS)
  placement: Placement;

  @ApiProperty({ maxLength: TEXT, description: 'Where and with whom the child stays' })
  @IsString()
  @MaxLength(TEXT)
  placementNote: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiProperty({ description: 'End of the separation; at most 15 days (or the local policy) from the start' })
  @IsISO8601({ strict: true })
  endsAt: string;
}

export class AuthorityRequestDto {
  @ApiProperty({ maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  authority: string;

  @ApiProperty({ maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  reference: string;
}

export class ExtendSeparationDto {
  @ApiProperty()
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  reason: string;

  @ApiPropertyOptional({ type: AuthorityRequestDto, description: 'Required to go beyond the 15-day limit' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuthorityRequestDto)
  authorityRequest?: AuthorityRequestDto;
}

export class RevokeSeparationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  revokedAt?: string;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  reason: string;
}
