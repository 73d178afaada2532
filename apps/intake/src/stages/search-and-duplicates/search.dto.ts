import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { CONTACT_PURPOSES, type ContactPurpose } from '@cp/contracts';
import {
  OptionalEnumField,
  OptionalIntegerField,
  OptionalIntegerQueryField,
  OptionalNestedListField,
  OptionalTimestampField,
} from '@cp/platform';

import { COMMUNE, PHONE } from '../../http/patterns';

export class ListContactsQueryDto {
  @OptionalTimestampField({ description: 'Received at or after (ISO 8601)' })
  from?: string;

  @OptionalTimestampField({ description: 'Received before (ISO 8601)' })
  to?: string;

  @OptionalEnumField(CONTACT_PURPOSES)
  purpose?: ContactPurpose;

  @OptionalEnumField(['open', 'referred', 'linked', 'closed'])
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

  @OptionalIntegerQueryField(1, 500)
  limit?: number;
}

/** A child of a form not yet recorded, as the duplicate search compares it (nothing of it is stored). */
export class DraftChildDto {
  @ApiPropertyOptional({ description: 'Name as typed (diacritics and case ignored, small typos tolerated)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @OptionalIntegerField(0, 17)
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
  @OptionalNestedListField(DraftChildDto, { maxItems: 20, description: 'At most 10 children are compared' })
  children?: DraftChildDto[];

  @ApiPropertyOptional({ description: '5-digit commune code where the incident happened' })
  @IsOptional()
  @Matches(COMMUNE, { message: 'incidentCommuneCode must be a 5-digit commune code' })
  incidentCommuneCode?: string;

  @ApiPropertyOptional({ description: "The caller's number, to find their earlier contacts (never stored)" })
  @IsOptional()
  @Matches(PHONE, { message: 'reporterPhone must be a phone number' })
  reporterPhone?: string;

  @OptionalTimestampField({ description: 'When the contact was received (ISO 8601); default now' })
  receivedAt?: string;
}
