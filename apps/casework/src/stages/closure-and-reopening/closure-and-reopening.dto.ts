import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CLOSURE_REASONS, type ClosureReason } from '@cp/contracts';
import { TEXT, SHORT } from '../../http/step.dto';

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
