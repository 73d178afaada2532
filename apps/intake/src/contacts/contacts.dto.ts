import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  CONCERNS,
  CONTACT_PURPOSES,
  SEXES,
  type Channel,
  type Concern,
  type ContactPurpose,
  type Sex,
} from '@cp/contracts';

export class ChildDto {
  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex: Sex;

  @ApiPropertyOptional({
    description: 'Age in years, estimated if the date of birth is unknown',
    minimum: 0,
    maximum: 17,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(17)
  ageYears?: number;

  @ApiPropertyOptional({ description: 'Date of birth (YYYY-MM-DD), if known' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date as YYYY-MM-DD' })
  birthDate?: string;

  @ApiPropertyOptional({ description: 'Name, if known. Personal data: never leaves intake.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ReporterDto {
  @ApiProperty({ description: 'The reporter stays anonymous: nothing identifying is stored' })
  @IsBoolean()
  anonymous: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+ ()-]{3,20}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiProperty({ description: 'The reporter agrees to be contacted again' })
  @IsBoolean()
  consentToContact: boolean;
}

/** Mẫu 01 — what the hotline records about a contact. */
export class RecordContactDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ description: 'When the contact was received (ISO 8601); it starts the legal clocks' })
  @IsISO8601({ strict: true })
  receivedAt: string;

  @ApiProperty({ enum: CONTACT_PURPOSES })
  @IsIn(CONTACT_PURPOSES)
  purpose: ContactPurpose;

  @ApiProperty({ enum: CONCERNS, isArray: true })
  @IsArray()
  @ArrayMaxSize(11)
  @IsIn(CONCERNS, { each: true })
  concerns: Concern[];

  @ApiPropertyOptional({ description: '5-digit commune code (2025 list) where the incident happened' })
  @IsOptional()
  @Length(5, 5)
  @Matches(/^\d{5}$/, { message: 'incidentCommuneCode must be a 5-digit commune code' })
  incidentCommuneCode?: string;

  @ApiPropertyOptional({ description: 'The child is in immediate danger' })
  @IsOptional()
  @IsBoolean()
  immediateDanger?: boolean;

  @ApiProperty({ type: [ChildDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children: ChildDto[];

  @ApiPropertyOptional({ type: ReporterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;

  @ApiPropertyOptional({ description: "Counsellor's notes. Personal data: never leaves intake." })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

export class ReferReportDto {
  @ApiProperty({ description: '5-digit commune code (2025 list) where the incident happened' })
  @Matches(/^\d{5}$/, { message: 'communeCode must be a 5-digit commune code' })
  communeCode: string;

  @ApiPropertyOptional({ description: 'Urgent (defaults to the contact’s immediate danger)' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;
}
