import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import {
  CASE_STATUSES,
  CONCERNS,
  PROTECTION_LEVELS,
  type CaseStatus,
  type Concern,
  type ProtectionLevel,
} from '@cp/contracts';
import { OptionalEnumField } from '@cp/platform';
import { ListLimit } from '../list-limit';
import { OptionalUnitQueryField } from '../unit-field';

/** The caseload list's filters (GET /api/v1/caseload). */
export class CaseloadQueryDto {
  @OptionalUnitQueryField()
  unit?: string;

  @OptionalEnumField(CASE_STATUSES)
  status?: CaseStatus;

  @OptionalEnumField(PROTECTION_LEVELS, { description: 'Protection level decided at the assessment' })
  level?: ProtectionLevel;

  @OptionalEnumField(CONCERNS, { description: 'Form of abuse or issue recorded on the case' })
  form?: Concern;

  @ApiPropertyOptional({ description: "Assigned worker's user id, or `me`" })
  @IsOptional()
  @Matches(/^[\w.@:-]{1,200}$/, { message: 'worker must be a user id or me' })
  worker?: string;

  @ApiPropertyOptional({ description: 'Only cases with a deadline missed or past due' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  overdue?: boolean;

  @ListLimit()
  limit?: number;
}
