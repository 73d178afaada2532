import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { TextField } from '@cp/platform';
import { COMMUNE_CODE, TEXT } from '../../http/step.dto';

export class TransferDto {
  @ApiProperty({ description: '5-digit code of the commune the child now lives in' })
  @Matches(COMMUNE_CODE, { message: 'toCommuneCode must be a 5-digit commune code' })
  toCommuneCode: string;

  @TextField(TEXT)
  reason: string;
}
