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
  IsUUID,
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
  REFERRAL_RECIPIENTS,
  type AbuserRelation,
  type CarerRelation,
  type ReferralRecipient,
  CALLER_TYPES,
  CHANNELS,
  CHILD_CATEGORIES,
  CONCERNS,
  CONTACT_OUTCOMES,
  CONTACT_PURPOSES,
  SEXES,
  SEXUAL_ABUSE_SUBTYPES,
  SPECIAL_CIRCUMSTANCES,
  type CallerType,
  type Channel,
  type ChildCategory,
  type Concern,
  type ContactOutcome,
  type ContactPurpose,
  type Sex,
  type SexualAbuseSubtype,
  type SpecialCircumstance,
  ABUSE_SETTINGS,
  type AbuseSetting,
} from '@cp/contracts';

const COMMUNE = /^\d{5}$/;

const PHONE = /^[0-9+ ()-]{3,20}$/;

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

export class CloseContactDto {
  @ApiProperty({ enum: CONTACT_OUTCOMES })
  @IsIn(CONTACT_OUTCOMES)
  outcome: ContactOutcome;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class PoliceNotificationDto {
  @ApiProperty({ description: 'The police unit notified of the crime report' })
  @IsString()
  @Length(1, 300)
  unit: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;
}

export class LinkToCaseDto {
  @ApiProperty({ description: 'The open case this report is about (from the possible duplicates)' })
  @IsUUID()
  caseId: string;

  @ApiProperty({ description: 'Why this is the same child and case' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ListContactsQueryDto {
  @ApiPropertyOptional({ description: 'Received at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Received before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: CONTACT_PURPOSES })
  @IsOptional()
  @IsIn(CONTACT_PURPOSES)
  purpose?: ContactPurpose;

  @ApiPropertyOptional({ enum: ['open', 'referred', 'linked', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'referred', 'linked', 'closed'])
  status?: string;

  @ApiPropertyOptional({ description: '5-digit commune code: incident or referral commune' })
  @IsOptional()
  @Matches(COMMUNE, { message: 'commune must be a 5-digit commune code' })
  commune?: string;

  @ApiPropertyOptional({ description: 'Text in names, notes, place (diacritics ignored)' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'Only contacts I recorded or referred' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Only referrals no commune has taken up yet' })
  @IsOptional()
  @IsIn(['true', 'false'])
  awaitingAcknowledgement?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ReferReportDto {
  @ApiPropertyOptional({
    enum: REFERRAL_RECIPIENTS,
    description:
      'Who the report is passed on to: the commune of the incident (default), the provincial health department (Sở Y tế) of its province, or the police (`police.unit` required)',
  })
  @IsOptional()
  @IsIn(REFERRAL_RECIPIENTS)
  recipient?: ReferralRecipient;

  @ApiProperty({ description: '5-digit commune code (2025 list) where the incident happened' })
  @Matches(/^\d{5}$/, { message: 'communeCode must be a 5-digit commune code' })
  communeCode: string;

  @ApiPropertyOptional({ description: 'Urgent (defaults to the contact’s immediate danger)' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;

  @ApiPropertyOptional({
    description: 'Where the child lives, when not in the incident commune (Law Art. 52.2)',
  })
  @IsOptional()
  @Matches(COMMUNE, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;

  @ApiPropertyOptional({
    type: PoliceNotificationDto,
    description: 'A crime report: the police notified in parallel',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PoliceNotificationDto)
  police?: PoliceNotificationDto;
}

/** A child of a form not yet recorded, as the duplicate search compares it (nothing of it is stored). */
export class DraftChildDto {
  @ApiPropertyOptional({ description: 'Name as typed (diacritics and case ignored, small typos tolerated)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 17 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(17)
  ageYears?: number;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date as YYYY-MM-DD' })
  birthDate?: string;

  @ApiPropertyOptional({ description: '5-digit commune code where the child lives' })
  @IsOptional()
  @Matches(COMMUNE, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;
}

/**
 * The fields of a Mẫu 01 being typed, for the side panel: the caller's earlier contacts and possible
 * duplicate reports. A search, not a record: only its access record (keyed digests) is kept.
 */
export class DraftDuplicatesDto {
  @ApiPropertyOptional({ type: [DraftChildDto], description: 'At most 10 children are compared' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DraftChildDto)
  children?: DraftChildDto[];

  @ApiPropertyOptional({ description: '5-digit commune code where the incident happened' })
  @IsOptional()
  @Matches(COMMUNE, { message: 'incidentCommuneCode must be a 5-digit commune code' })
  incidentCommuneCode?: string;

  @ApiPropertyOptional({ description: "The caller's number, to find their earlier contacts (never stored)" })
  @IsOptional()
  @Matches(PHONE, { message: 'reporterPhone must be a phone number' })
  reporterPhone?: string;

  @ApiPropertyOptional({ description: 'When the contact was received (ISO 8601); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;
}
