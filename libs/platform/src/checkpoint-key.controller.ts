import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@cp/auth';
import { CHECKPOINT_TOPICS } from '@cp/contracts';
import { describePublicKey } from '@cp/event-store';
import type { ServiceConfig } from './config';
import { CONFIG } from './tokens';

/**
 * The public key this service signs its checkpoints with (docs/audit-integrity.md, "Keys"). Public: a
 * public key is no secret, and an inspector must be able to fetch it to check a checkpoint without asking
 * the service for anything else. Compare it with the key reporting is configured with
 * (CHECKPOINT_PUBLIC_KEYS_<SERVICE>) and with the one registered when the service was deployed.
 */
@ApiTags('integrity')
@Controller('integrity')
export class CheckpointKeyController {
  constructor(@Inject(CONFIG) private readonly config: ServiceConfig) {}

  @Public()
  @Get('public-key')
  @ApiOperation({
    summary: 'The Ed25519 public key that verifies the checkpoints this service signs',
    description:
      'keyId: the first 16 hex digits of the SHA-256 of the raw key (the `keyId` every checkpoint names); pem: SubjectPublicKeyInfo; raw: the 32 bytes in base64.',
  })
  publicKey() {
    const key = this.config.checkpointKey;
    if (!key || this.config.service === 'reporting') {
      throw new NotFoundException({
        code: 'INTEGRITY.NO_SIGNING_KEY',
        detail: 'This service signs no checkpoints.',
      });
    }
    return {
      service: this.config.service,
      algorithm: 'Ed25519',
      topic: CHECKPOINT_TOPICS[this.config.service],
      ...describePublicKey(key.publicKey),
      development: this.config.development,
    };
  }
}
