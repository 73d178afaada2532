import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { REFERRAL_RECIPIENTS, type ReferralRecipient } from '@cp/contracts';
import { OptionalEnumField, OptionalFlagField, OptionalNestedField, OptionalTextField } from '@cp/platform';

import { COMMUNE } from '../../http/patterns';

export class PoliceNotificationDto {
  @ApiProperty({ description: 'The police unit notified of the crime report' })
  @IsString()
  @Length(1, 300)
  unit: string;

  @OptionalTextField(100)
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

export class ReferReportDto {
  @OptionalEnumField(REFERRAL_RECIPIENTS, {
    description:
      'Who the report is passed on to: the commune of the incident (default), the provincial health department (Sở Y tế) of its province, or the police (`police.unit` required)',
  })
  recipient?: ReferralRecipient;

  @ApiProperty({ description: '5-digit commune code (2025 list) where the incident happened' })
  @Matches(/^\d{5}$/, { message: 'communeCode must be a 5-digit commune code' })
  communeCode: string;

  @OptionalFlagField({ description: 'Urgent (defaults to the contact’s immediate danger)' })
  urgent?: boolean;

  @ApiPropertyOptional({
    description: 'Where the child lives, when not in the incident commune (Law Art. 52.2)',
  })
  @IsOptional()
  @Matches(COMMUNE, { message: 'residenceCommuneCode must be a 5-digit commune code' })
  residenceCommuneCode?: string;

  @OptionalNestedField(PoliceNotificationDto, {
    description: 'A crime report: the police notified in parallel',
  })
  police?: PoliceNotificationDto;
}
