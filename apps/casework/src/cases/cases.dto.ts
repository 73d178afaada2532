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
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CASE_STATUSES,
  CHANNELS,
  CHILD_CATEGORIES,
  CLOSURE_REASONS,
  CONCERNS,
  SEXES,
  SPECIAL_CIRCUMSTANCES,
  type CaseStatus,
  type Channel,
  type ChildCategory,
  type ClosureReason,
  type Concern,
  type Sex,
  type SpecialCircumstance,
  ABUSE_SETTINGS,
  type AbuseSetting,
} from '@cp/contracts';
import {
  ASSESSMENT_OUTCOMES,
  CRIMINAL_OUTCOMES,
  EMERGENCY_MEASURES,
  MEASURE_BODIES,
  MEETING_ROLES,
  NEEDS,
  PLACEMENTS,
  PLAN_MEASURES,
  RATINGS,
  REVIEW_OUTCOMES,
  type AssessmentOutcome,
  type CriminalOutcome,
  type EmergencyMeasure,
  type MeasureBody,
  type MeetingRole,
  type Need,
  type Placement,
  type PlanMeasure,
  type Rating,
  type ReviewOutcome,
} from '../domain/case.vocabulary';

const COMMUNE_CODE = /^\d{5}$/;
const TEXT = 4000;
const SHORT = 300;

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

/** The four criteria of the risk scale, each High / Medium / Low. */
export class RiskScoresDto {
  @ApiProperty({ enum: RATINGS, description: 'Mức độ tổn hại' })
  @IsIn(RATINGS)
  severity_of_harm: Rating;

  @ApiProperty({ enum: RATINGS, description: 'Khả năng tiếp cận của đối tượng xâm hại' })
  @IsIn(RATINGS)
  abuser_access: Rating;

  @ApiProperty({ enum: RATINGS, description: 'Trở ngại về an toàn trong môi trường chăm sóc' })
  @IsIn(RATINGS)
  care_setting_obstacles: Rating;

  @ApiProperty({ enum: RATINGS, description: 'Khả năng tự bảo vệ và phục hồi của trẻ' })
  @IsIn(RATINGS)
  child_capacity: Rating;
}

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

export class ParticipantDto {
  @ApiProperty({ enum: MEETING_ROLES })
  @IsIn(MEETING_ROLES)
  role: MeetingRole;

  @ApiPropertyOptional({ maxLength: SHORT })
  @IsOptional()
  @IsString()
  @MaxLength(SHORT)
  name?: string;
}

export class ChildViewsDto {
  @ApiProperty({ description: 'Whether the child was heard (children aged 7 and over must be)' })
  @IsBoolean()
  heard: boolean;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  summary?: string;

  @ApiPropertyOptional({ maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasonNotHeard?: string;
}

export class NeedsMeetingDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  heldAt?: string;

  @ApiProperty({ type: [ParticipantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants: ParticipantDto[];

  @ApiProperty({ type: ChildViewsDto })
  @ValidateNested()
  @Type(() => ChildViewsDto)
  childViews: ChildViewsDto;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  minutes: string;
}

export class PlanItemDto {
  @ApiPropertyOptional({ description: 'Keep the id of an item carried over from the previous version' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiProperty({ enum: PLAN_MEASURES })
  @IsIn(PLAN_MEASURES)
  measure: PlanMeasure;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  description: string;

  @ApiProperty({ maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  responsibleBody: string;

  @ApiProperty({ description: 'Local date the item is due (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate: string;
}

export class DraftPlanDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  goals: string[];

  @ApiProperty({ type: [PlanItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  items: PlanItemDto[];

  @ApiPropertyOptional({ maxLength: TEXT, description: 'Required when revising a returned or reviewed plan' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  revisionReason?: string;
}

export class EmptyDto {}

export class PlanDecisionDto {
  @ApiProperty({ enum: ['approve', 'return'] })
  @IsIn(['approve', 'return'])
  decision: 'approve' | 'return';

  @ApiPropertyOptional({ maxLength: 100, description: 'Number of the approval decision (Mẫu 05)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  decisionNo?: string;

  @ApiPropertyOptional({ maxLength: TEXT, description: 'Required when returning the plan' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasons?: string;
}

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

export class NoteDto {
  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  note: string;
}

export class CloseCaseDto {
  @ApiProperty({ enum: CLOSURE_REASONS })
  @IsIn(CLOSURE_REASONS)
  reason: ClosureReason;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  note: string;

  @ApiPropertyOptional({ description: 'For duplicate_merged: the case this one duplicates' })
  @IsOptional()
  @IsUUID()
  mergedIntoCaseId?: string;

  @ApiPropertyOptional({ maxLength: SHORT, description: 'For transferred_out: where the case went' })
  @IsOptional()
  @IsString()
  @MaxLength(SHORT)
  transferredTo?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  reason: string;
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

export class PoliceNotificationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  notifiedAt?: string;

  @ApiProperty({ maxLength: SHORT })
  @IsString()
  @MaxLength(SHORT)
  policeUnit: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;
}

export class CriminalOutcomeDto {
  @ApiProperty({ enum: CRIMINAL_OUTCOMES })
  @IsIn(CRIMINAL_OUTCOMES)
  outcome: CriminalOutcome;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  decidedAt?: string;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  note: string;
}

export class TransferDto {
  @ApiProperty({ description: '5-digit code of the commune the child now lives in' })
  @Matches(COMMUNE_CODE, { message: 'toCommuneCode must be a 5-digit commune code' })
  toCommuneCode: string;

  @ApiProperty({ maxLength: TEXT })
  @IsString()
  @MaxLength(TEXT)
  reason: string;
}

export class IntegrityQueryDto {
  @ApiPropertyOptional({
    enum: ['events'],
    description: 'events: also list every stored event (version, eventId, hash, prevHash) as `chain`',
  })
  @IsOptional()
  @IsIn(['events'])
  detail?: 'events';
}

export class AtQueryDto {
  @ApiPropertyOptional({ description: 'Show the case as it was at this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class ListCasesQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'Only cases with a deadline past due and not yet met' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Only cases assigned to this worker ("me" for yourself)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  worker?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
