import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ERASURE_BASES, type ErasureBasis } from '@cp/contracts';

/**
 * A request to erase a record's personal data (Personal Data Protection Law 91/2025). No free text: the
 * request is kept for ever in the audit trail, so it says why by a code and a document number only.
 */
export class ErasePersonalDataDto {
  @ApiProperty({
    enum: ERASURE_BASES,
    description:
      'subject_request: the child (aged 7 or more) or their parent or guardian asked; retention_expired: ' +
      'the record is past its retention period; court_order: a court or competent authority ordered it',
  })
  @IsIn(ERASURE_BASES)
  basis: ErasureBasis;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 100,
    description: 'Number of the request or decision it rests on',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string | null;
}
