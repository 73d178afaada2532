import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CLOSURE_REASONS, type ClosureReason } from '@cp/contracts';
import { EnumField, OptionalTextField, TextField } from '@cp/platform';
import { TEXT, SHORT } from '../../http/step.dto';

export class CloseCaseDto {
  @EnumField(CLOSURE_REASONS)
  reason: ClosureReason;

  @TextField(TEXT)
  note: string;

  @ApiPropertyOptional({ description: 'For duplicate_merged: the case this one duplicates' })
  @IsOptional()
  @IsUUID()
  mergedIntoCaseId?: string;

  @OptionalTextField(SHORT, { description: 'For transferred_out: where the case went' })
  transferredTo?: string;
}
