import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
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
import {
  EnumField,
  EnumListField,
  FlagField,
  NestedListField,
  OptionalEnumField,
  OptionalEnumListField,
  OptionalFlagField,
  OptionalIntegerField,
  OptionalNestedField,
  OptionalNestedListField,
  OptionalTextField,
  TimestampField,
} from '@cp/platform';

import { COMMUNE, PHONE } from '../../http/patterns';

/** A parent or carer of the child (Mẫu 01 A.2: name, age, occupation; the current carer). Personal data. */
export class CarerDto {
  @EnumField(CARER_RELATIONS)
  relation: CarerRelation;

  @OptionalFlagField({ description: 'Looks after the child now (người đang chăm sóc trẻ)' })
  currentCarer?: boolean;

  @OptionalTextField(200)
  name?: string;

  @OptionalIntegerField(0, 120)
  ageYears?: number;

  @OptionalTextField(200)
  occupation?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string;

  @OptionalTextField(500)
  address?: string;
}

/** The person said to harm the child. Personal data, every field. */
export class AllegedAbuserDto {
  @EnumField(ABUSER_RELATIONS, { description: 'Who they are to the child' })
  relation: AbuserRelation;

  @OptionalEnumField(SEXES)
  sex?: Sex;

  @OptionalTextField(200)
  name?: string;

  @OptionalIntegerField(0, 120)
  ageYears?: number;

  @OptionalTextField(2000)
  description?: string;
}

export class ChildDto {
  @EnumField(SEXES)
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

  @OptionalEnumListField(SPECIAL_CIRCUMSTANCES, { description: 'Law on Children Art. 10' })
  specialCircumstances?: SpecialCircumstance[];

  @ApiPropertyOptional({ description: '5-digit commune code (2025 list) where the child lives' })
  @IsOptional()
  @Matches(COMMUNE, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;

  @OptionalNestedListField(CarerDto, {
    maxItems: 6,
    description: 'Father, mother, current carer (Mẫu 01 A.2)',
  })
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
  @FlagField({ description: 'The reporter stays anonymous: nothing identifying is stored' })
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

  @FlagField({ description: 'The reporter agrees to be contacted again' })
  consentToContact: boolean;
}

/** Mẫu 01 — what the hotline records about a contact. */
export class RecordContactDto {
  @EnumField(CHANNELS)
  channel: Channel;

  @TimestampField({ description: 'When the contact was received (ISO 8601); it starts the legal clocks' })
  receivedAt: string;

  @EnumField(CONTACT_PURPOSES)
  purpose: ContactPurpose;

  @EnumListField(CONCERNS)
  concerns: Concern[];

  @ApiPropertyOptional({ description: '5-digit commune code (2025 list) where the incident happened' })
  @IsOptional()
  @Length(5, 5)
  @Matches(/^\d{5}$/, { message: 'incidentCommuneCode must be a 5-digit commune code' })
  incidentCommuneCode?: string;

  @OptionalFlagField({ description: 'The child is in immediate danger' })
  immediateDanger?: boolean;

  @NestedListField(ChildDto, { maxItems: 20 })
  children: ChildDto[];

  @OptionalNestedField(ReporterDto)
  reporter?: ReporterDto;

  @ApiPropertyOptional({ description: "Counsellor's notes. Personal data: never leaves intake." })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  @OptionalEnumListField(SEXUAL_ABUSE_SUBTYPES, { description: 'With concern sexual_abuse' })
  sexualAbuseSubtypes?: SexualAbuseSubtype[];

  @OptionalEnumField(CHILD_CATEGORIES, { description: 'Mẫu 01 child category' })
  category?: ChildCategory;

  @OptionalEnumField(ABUSE_SETTINGS, { description: 'Where the abuse or risk happened (family, school, …)' })
  setting?: AbuseSetting;

  @OptionalEnumField(CALLER_TYPES, { description: 'Who called' })
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

  @OptionalNestedListField(AllegedAbuserDto, {
    maxItems: 5,
    description: 'Who is said to harm the child. Personal data.',
  })
  allegedAbusers?: AllegedAbuserDto[];
}
