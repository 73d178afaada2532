import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ERASURE_BASES, REFERENCE_MAX_LENGTH, type ErasureBasis } from '@cp/contracts';
import { EnumField } from './dto-fields';

/**
 * A request to erase a record's personal data (Personal Data Protection Law 91/2025 Art. 14). No free
 * text: the request is kept for ever in the audit trail, so it says why by a code and a document number.
 * The pipe only bounds the reference's size; the decider says what it must be (ERASURE.REFERENCE_REQUIRED,
 * ERASURE.REFERENCE_INVALID), so the refusal names the rule.
 */
export class ErasePersonalDataDto {
  @EnumField(ERASURE_BASES, {
    description:
      'subject_request: the child (aged 7 or more) or their parent or guardian asked (a caller: for their own ' +
      'identity); retention_expired: the record is past its retention period; court_order: a court or ' +
      'competent authority decided it; other: another ground of Art. 14 (the purpose is complete)',
  })
  basis: ErasureBasis;

  @ApiPropertyOptional({
    maxLength: REFERENCE_MAX_LENGTH,
    description:
      `Number of the request or decision it rests on: required for every basis, at most ${REFERENCE_MAX_LENGTH} ` +
      'characters and 10 words, with a digit; a number, not an explanation',
    example: '12/2026/QĐ-UBND',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reference?: string | null;
}
