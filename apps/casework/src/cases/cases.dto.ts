import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CONCERNS, SEXES, type Concern, type Sex } from '@cp/contracts';

export class CaseChildDto {
  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex: Sex;

  @ApiPropertyOptional({ minimum: 0, maximum: 17 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(17)
  ageYears?: number;
}

/** A commune opens a case from a report it received directly (Mẫu 01 data without personal fields). */
export class OpenCaseDto {
  @ApiProperty({ description: 'When the commune received the report (ISO 8601)' })
  @IsISO8601({ strict: true })
  receivedAt: string;

  @ApiProperty({ description: '5-digit commune code where the incident happened' })
  @Matches(/^\d{5}$/, { message: 'incidentCommuneCode must be a 5-digit commune code' })
  incidentCommuneCode: string;

  @ApiPropertyOptional({ description: '5-digit commune code where the child lives, if known' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;

  @ApiProperty({ enum: CONCERNS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(11)
  @IsIn(CONCERNS, { each: true })
  concerns: Concern[];

  @ApiProperty({ type: [CaseChildDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CaseChildDto)
  children: CaseChildDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;
}

export class AssignWorkerDto {
  @ApiProperty({ description: 'User id (token subject) of the commune worker' })
  @IsString()
  @MaxLength(200)
  workerId: string;
}

export class AtQueryDto {
  @ApiPropertyOptional({ description: 'Show the case as it was at this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}
