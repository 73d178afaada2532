import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '@cp/contracts';
import { OptionalEnumField, OptionalIntegerQueryField, OptionalTimestampField } from '@cp/platform';

export class IntegrityQueryDto {
  @OptionalEnumField(['events'], {
    description: 'events: also list every stored event (version, eventId, hash, prevHash) as `chain`',
  })
  detail?: 'events';
}

export class AtQueryDto {
  @OptionalTimestampField({ description: 'Show the case as it was at this instant (ISO 8601)' })
  at?: string;
}

export class ListCasesQueryDto {
  @OptionalEnumField(CASE_STATUSES)
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

  @OptionalIntegerQueryField(1, 500)
  limit?: number;
}
