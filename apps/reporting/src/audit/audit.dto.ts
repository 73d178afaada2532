import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { OptionalEnumField, OptionalIntegerQueryField, OptionalTimestampField } from '@cp/platform';
import { OptionalUnitQueryField } from '../unit-field';

export const AUDIT_KINDS = ['event', 'access', 'audit_query', 'all'] as const;

export class AuditSearchQueryDto {
  @ApiPropertyOptional({ description: 'Events of this case and reads of it (and of its contacts)' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({
    description: 'Events of this hotline contact (and of the case it became) and reads of it',
  })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @ApiPropertyOptional({ description: 'What this person did and read (the token subject)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @OptionalUnitQueryField(
    'Commune (5 digits) or province (2 digits, with its communes) the records concern; VN for all',
  )
  unit?: string;

  @OptionalTimestampField({ description: 'From this instant (inclusive, ISO 8601)' })
  from?: string;

  @OptionalTimestampField({ description: 'Up to this instant (exclusive, ISO 8601)' })
  to?: string;

  @OptionalEnumField(AUDIT_KINDS, {
    description:
      'Events, reads of records (granted or refused), or both (`all`, the default); `audit_query`: the searches of this trail and the timelines asked for',
  })
  kind?: (typeof AUDIT_KINDS)[number];

  @OptionalIntegerQueryField(1, 1000, { default: 100 })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of the previous page' })
  cursor?: string;
}

export class TimelineQueryDto {
  @OptionalTimestampField({ description: 'The timeline as known at this instant (ISO 8601)' })
  at?: string;

  @OptionalEnumField(['true', 'false'], {
    description: 'Interleave the reads of the case (inspectors and provincial officers)',
  })
  includeReads?: 'true' | 'false';
}
