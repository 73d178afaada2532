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
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  CHILD_CATEGORIES,
  CONCERNS,
  SEXES,
  SPECIAL_CIRCUMSTANCES,
  type Channel,
  type ChildCategory,
  type Concern,
  type Sex,
  type SpecialCircumstance,
  ABUSE_SETTINGS,
  type AbuseSetting,
} from '@cp/contracts';
import { COMMUNE_CODE, TEXT } from '../../http/step.dto';

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

  @ApiPropertyOptional({ enum: SPECIAL_CIRCUMSTANCES, isArray: true, description: 'Law on Children Art. 10' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SPECIAL_CIRCUMSTANCES.length)
  @IsIn(SPECIAL_CIRCUMSTANCES, { each: true })
  specialCircumstances?: SpecialCircumstance[];
}

/** A commune opens a case from a report it received directly (Mẫu 01 data without personal fields). */
export class OpenCaseDto {
  @ApiProperty({
    description: 'When the commune received the report (ISO 8601): it starts the 12-hour clock',
  })
  @IsISO8601({ strict: true })
  receivedAt: string;

  @ApiProperty({ description: '5-digit commune code where the incident happened' })
  @Matches(COMMUNE_CODE, { message: 'incidentCommuneCode must be a 5-digit commune code' })
  incidentCommuneCode: string;

  @ApiPropertyOptional({ description: '5-digit commune code where the child lives, if known' })
  @IsOptional()
  @Matches(COMMUNE_CODE, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;

  @ApiProperty({ enum: CONCERNS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONCERNS.length)
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

  @ApiPropertyOptional({ enum: CHILD_CATEGORIES, description: 'Mẫu 01 child category' })
  @IsOptional()
  @IsIn(CHILD_CATEGORIES)
  category?: ChildCategory;

  @ApiPropertyOptional({
    enum: ABUSE_SETTINGS,
    description: 'Where the abuse or risk happened (family, school, …)',
  })
  @IsOptional()
  @IsIn(ABUSE_SETTINGS)
  setting?: AbuseSetting;

  @ApiPropertyOptional({ maxLength: 100, description: 'The commune’s number for the report' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reportNumber?: string;

  @ApiPropertyOptional({ enum: CHANNELS, description: 'How the report reached the commune' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ maxLength: TEXT, description: 'The child’s current condition' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  currentCondition?: string;

  @ApiPropertyOptional({ maxLength: TEXT, description: 'What is expected to happen without help' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  expectedWithoutHelp?: string;

  @ApiPropertyOptional({ maxLength: TEXT, description: 'Actions already taken' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  actionsTaken?: string;
}

export class AssignWorkerDto {
  @ApiProperty({ description: 'User id (token subject) of the commune worker' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  workerId: string;
}

export class ResidenceDto {
  @ApiProperty({ description: '5-digit code of the commune where the child lives' })
  @Matches(COMMUNE_CODE, { message: 'communeCode must be a 5-digit commune code' })
  communeCode: string;
}
