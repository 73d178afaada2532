import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  ERASURE_REJECTION_REASONS,
  LEGAL_HOLD_REASONS,
  LEGAL_HOLD_RELEASE_REASONS,
  REFERENCE_MAX_LENGTH,
  type ErasureRejectionReason,
  type LegalHoldReason,
  type LegalHoldReleaseReason,
} from '@cp/contracts';
import { EnumField } from '@cp/platform';

/** The pipe only bounds the size; the decider says what a reference must be (LEGAL_HOLD.REFERENCE_*). */
const REFERENCE_PAYLOAD_LIMIT = 1000;
const REFERENCE_DOC =
  `Number of the document it rests on (decision, court order, notice of proceedings): required, at most ` +
  `${REFERENCE_MAX_LENGTH} characters, a number and not an explanation`;

/** The provincial officer approves the request they reviewed. */
export class ErasureApprovalDto {
  @ApiProperty({ format: 'uuid', description: 'The pending request (erasureRequest.requestId of the case)' })
  @IsUUID()
  requestId: string;
}

export class ErasureRejectionDto {
  @ApiProperty({ format: 'uuid', description: 'The pending request (erasureRequest.requestId of the case)' })
  @IsUUID()
  requestId: string;

  @EnumField(ERASURE_REJECTION_REASONS, {
    description:
      'document_not_verified, basis_not_met (e.g. not asked by the child or their parent or guardian), ' +
      'record_still_needed (proceedings, complaint, inspection, new report), wrong_record',
  })
  reasonCode: ErasureRejectionReason;
}

export class LegalHoldDto {
  @EnumField(LEGAL_HOLD_REASONS)
  reasonCode: LegalHoldReason;

  @ApiPropertyOptional({ maxLength: REFERENCE_MAX_LENGTH, description: REFERENCE_DOC, example: '45/QĐ-VKS' })
  @IsOptional()
  @IsString()
  @MaxLength(REFERENCE_PAYLOAD_LIMIT)
  reference?: string | null;
}

export class LegalHoldReleaseDto {
  @ApiProperty({ format: 'uuid', description: 'The hold to release (legalHolds[].holdId of the case)' })
  @IsUUID()
  holdId: string;

  @EnumField(LEGAL_HOLD_RELEASE_REASONS)
  reasonCode: LegalHoldReleaseReason;

  @ApiPropertyOptional({ maxLength: REFERENCE_MAX_LENGTH, description: REFERENCE_DOC, example: '46/QĐ-VKS' })
  @IsOptional()
  @IsString()
  @MaxLength(REFERENCE_PAYLOAD_LIMIT)
  reference?: string | null;
}
