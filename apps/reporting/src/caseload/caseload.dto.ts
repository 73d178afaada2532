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

/** The caseload list's filters (GET /api/v1/caseload). */
export class CaseloadQueryDto {
  @ApiPropertyOptional({
    description: 'Commune (5 digits), province (2 digits) or VN; defaults to your first unit',
  })
  @IsOptional()
  @Matches(/^(VN|\d{2}|\d{5})$/, {
    message: 'unit must be VN, a 2-digit province code or a 5-digit commune code',
  })
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
