import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { CRIMINAL_OUTCOMES, type CriminalOutcome } from '../../domain/case.vocabulary';
import { TEXT, SHORT } from '../../http/step.dto';

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
