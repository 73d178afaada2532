import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { REFERRAL_RECIPIENTS, type ReferralRecipient } from '@cp/contracts';

import { COMMUNE } from '../../http/patterns';

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
