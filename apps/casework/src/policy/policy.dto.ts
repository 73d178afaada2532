import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { EnumField, NestedField, TextField, TimestampField } from '@cp/platform';
import { OVERRIDE_KINDS, type OverrideKind } from '../calendar';

const SCOPE = /^(VN|\d{2}|\d{5})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT = 4000;
const SHORT = 300;

/**
 * The six deadline values. Only their types are checked here: the legal maxima and ranges are the
 * policy rules' (POLICY.VALUE_LOOSER_THAN_LAW names the field and the law).
 */
export class PolicyValuesDto {
  @ApiProperty({
    description: 'Initial assessment and emergency measures (hours); legal maximum 12',
    example: 8,
  })
  @IsInt()
  initialAssessmentHours: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Detailed assessment (working days, 1–30); null when not tracked',
    example: null,
  })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  detailedAssessmentWorkingDays: number | null;

  @ApiProperty({ description: 'Drafting the plan (working days); legal maximum 5', example: 5 })
  @IsInt()
  planDraftWorkingDays: number;

  @ApiProperty({ description: 'Approval of the plan (working days, 1–30)', example: 7 })
  @IsInt()
  planApprovalWorkingDays: number;

  @ApiProperty({ description: 'Temporary separation (days); legal maximum 15', example: 15 })
  @IsInt()
  separationMaxDays: number;

  @ApiProperty({ description: 'Between reviews while the plan is implemented (days, 7–90)', example: 30 })
  @IsInt()
  reviewIntervalDays: number;

  @ApiPropertyOptional({
    description:
      'How long a closed case file is kept before its personal data may be erased (days after the closure, ' +
      'or after the last report added to the closed case; 0–36500). No law fixes it; absent: the national ' +
      'default, 1826 days (5 years). A closure records the value in force then.',
    example: 1826,
  })
  @IsOptional()
  @IsInt()
  retentionDaysAfterClosure?: number;
}

export class CreatePolicyDto {
  @ApiProperty({ description: 'VN, a 2-digit province code or a 5-digit commune code', example: '01' })
  @Matches(SCOPE, { message: 'scope must be VN, a 2-digit province code or a 5-digit commune code' })
  scope: string;

  @TimestampField({
    description: 'When the policy starts to apply (ISO 8601), today or later',
    example: '2026-01-01T00:00:00+07:00',
  })
  effectiveFrom: string;

  @NestedField(PolicyValuesDto)
  values: PolicyValuesDto;

  @TextField(TEXT, { nonEmpty: true, description: 'Why, and the local decision it implements' })
  reason: string;
}

export class ListPoliciesQueryDto {
  @ApiPropertyOptional({ description: 'Only this scope: VN, a province or a commune code' })
  @IsOptional()
  @Matches(SCOPE, { message: 'scope must be VN, a 2-digit province code or a 5-digit commune code' })
  scope?: string;
}

export class WorkingDaysQueryDto {
  @ApiProperty({ description: 'First local date (YYYY-MM-DD)', example: '2026-02-01' })
  @Matches(LOCAL_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({
    description: 'Last local date (YYYY-MM-DD), at most 400 days in all',
    example: '2026-02-28',
  })
  @Matches(LOCAL_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to: string;
}

export class OverridesQueryDto {
  @ApiPropertyOptional({ description: 'Only the overrides of this year', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}

export class CalendarOverrideDto {
  @ApiProperty({ description: 'Local date (YYYY-MM-DD)', example: '2026-01-02' })
  @Matches(LOCAL_DATE, { message: 'date must be a date YYYY-MM-DD' })
  date: string;

  @EnumField(OVERRIDE_KINDS, {
    description: 'day_off (bridge day), working_day (a Saturday worked in exchange) or cleared (withdraw)',
  })
  kind: OverrideKind;

  @TextField(SHORT, { nonEmpty: true, example: 'Nghỉ bù Tết Dương lịch' })
  name: string;

  @TextField(TEXT, { nonEmpty: true, description: 'The decision or notice, with its number and date' })
  source: string;
}
