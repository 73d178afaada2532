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
  ABUSER_RELATIONS,
  CARER_RELATIONS,
  type AbuserRelation,
  type CarerRelation,
  CALLER_TYPES,
  CHANNELS,
  CHILD_CATEGORIES,
  CONCERNS,
  CONTACT_PURPOSES,
  SEXES,
  SEXUAL_ABUSE_SUBTYPES,
  SPECIAL_CIRCUMSTANCES,
  type CallerType,
  type Channel,
  type ChildCategory,
  type Concern,
  type ContactPurpose,
  type Sex,
  type SexualAbuseSubtype,
  type SpecialCircumstance,
  ABUSE_SETTINGS,
  type AbuseSetting,
} from '@cp/contracts';

import { COMMUNE, PHONE } from '../../http/patterns';

/** A parent or carer of the child (Mẫu 01 A.2: name, age, occupation; the current carer). Personal data. */
export class CarerDto {
  @ApiProperty({ enum: CARER_RELATIONS })
  @IsIn(CARER_RELATIONS)
  relation: CarerRelation;

  @ApiPropertyOptional({ description: 'Looks after the child now (người đang chăm sóc trẻ)' })
  @IsOptional()
  @IsBoolean()
  currentCarer?: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  ageYears?: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  occupation?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

/** The person said to harm the child. Personal data, every field. */
export class AllegedAbuserDto {
  @ApiProperty({ enum: ABUSER_RELATIONS, description: 'Who they are to the child' })
  @IsIn(ABUSER_RELATIONS)
  relation: AbuserRelation;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES)
  sex?: Sex;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  ageYears?: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

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

  @ApiPropertyOptional({ description: 'Ethnicity (dân tộc), if known' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  ethnicity?: string;

  @ApiPropertyOptional({ enum: SPECIAL_CIRCUMSTANCES, isArray: true, description: 'Law on Children Art. 10' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SPECIAL_CIRCUMSTANCES.length)
  @IsIn(SPECIAL_CIRCUMSTANCES, { each: true })
  specialCircumstances?: SpecialCircumstance[];

  @ApiPropertyOptional({ description: '5-digit commune code (2025 list) where the child lives' })
  @IsOptional()
  @Matches(COMMUNE, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;

  @ApiPropertyOptional({ type: [CarerDto], description: 'Father, mother, current carer (Mẫu 01 A.2)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => CarerDto)
  carers?: CarerDto[];

  @ApiPropertyOptional({
    description: 'Family situation (hoàn cảnh gia đình). Personal data.',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  familySituation?: string;

  @ApiPropertyOptional({
    description: "The child's address (nơi ở), if known. Personal data.",
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
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
  @Matches(PHONE, { message: 'phone must be a phone number' })
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
  @ArrayMaxSize(CONCERNS.length)
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

  @ApiPropertyOptional({
    enum: SEXUAL_ABUSE_SUBTYPES,
    isArray: true,
    description: 'With concern sexual_abuse',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SEXUAL_ABUSE_SUBTYPES.length)
  @IsIn(SEXUAL_ABUSE_SUBTYPES, { each: true })
  sexualAbuseSubtypes?: SexualAbuseSubtype[];

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

  @ApiPropertyOptional({ enum: CALLER_TYPES, description: 'Who called' })
  @IsOptional()
  @IsIn(CALLER_TYPES)
  callerType?: CallerType;

  @ApiPropertyOptional({ description: 'Where it happened (address, school, online). Personal data.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  incidentPlace?: string;

  @ApiPropertyOptional({ description: "The child's current condition. Personal data." })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  currentCondition?: string;

  @ApiPropertyOptional({ description: 'What has already been done. Personal data.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  actionsTaken?: string;

  @ApiPropertyOptional({
    type: [AllegedAbuserDto],
    description: 'Who is said to harm the child. Personal data.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => AllegedAbuserDto)
  allegedAbusers?: AllegedAbuserDto[];
}
