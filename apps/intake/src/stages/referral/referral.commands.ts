import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '@cp/auth';
import { EventStore, type Idempotency } from '@cp/event-store';
import type { Logger } from '@cp/observability';
import { LOGGER, commandMetadata } from '@cp/platform';
import { Jurisdiction } from '../../access/jurisdiction';
import { contactError } from '../../domain/contact.errors';
import { ClockPolicies } from '../../write/clock-policies';
import { ContactWriter, type CommandOutcome } from '../../write/contact-writer';
import type { LinkToCaseDto, ReferReportDto } from './referral.dto';

/** Refer a report to the commune where it happened (Decree 56 step 3), or to the province or the police. */
export class ReferReportCommand extends Command<CommandOutcome> {
  constructor(
    readonly user: AuthUser,
    readonly contactId: string,
    readonly dto: ReferReportDto,
    readonly expectedVersion: number | undefined,
    readonly idempotency?: Idempotency,
  ) {
    super();
  }
}

/** A repeat report: added to the case already open for the child instead of opening a second one. */
export class LinkReportToCaseCommand extends Command<CommandOutcome> {
  constructor(
    readonly user: AuthUser,
    readonly contactId: string,
    readonly dto: LinkToCaseDto,
    readonly expectedVersion: number | undefined,
    readonly idempotency?: Idempotency,
  ) {
    super();
  }
}

@CommandHandler(ReferReportCommand)
export class ReferReportHandler implements ICommandHandler<ReferReportCommand> {
  constructor(
    private readonly writer: ContactWriter,
    private readonly jurisdiction: Jurisdiction,
    private readonly clocks: ClockPolicies,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ user, contactId, dto, expectedVersion, idempotency }: ReferReportCommand) {
    await this.jurisdiction.requireContactInJurisdiction(user, contactId);
    const provinceCode = this.jurisdiction.requireCommune(dto.communeCode, 'communeCode');
    if (dto.residenceCommuneCode)
      this.jurisdiction.requireCommune(dto.residenceCommuneCode, 'residenceCommuneCode');
    const referralId = randomUUID();
    const out = await this.writer.run(
      contactId,
      {
        type: 'ReferReport',
        referralId,
        communeCode: dto.communeCode,
        provinceCode,
        residenceCommuneCode: dto.residenceCommuneCode ?? null,
        urgent: dto.urgent,
        police: dto.police ? { unit: dto.police.unit, reference: dto.police.reference ?? null } : null,
        recipient: dto.recipient ?? 'commune',
        clocks: this.clocks.at(new Date().toISOString()),
        metadata: commandMetadata(user, 'VN'),
      },
      { expectedVersion, idempotency },
      { referredBy: user.sub },
    );
    this.logger.info({ contactId, referralId, communeCode: dto.communeCode }, 'report referred');
    return out;
  }
}

@CommandHandler(LinkReportToCaseCommand)
export class LinkReportToCaseHandler implements ICommandHandler<LinkReportToCaseCommand> {
  constructor(
    private readonly writer: ContactWriter,
    private readonly store: EventStore,
  ) {}

  async execute({ user, contactId, dto, expectedVersion, idempotency }: LinkReportToCaseCommand) {
    const known: Array<{ case_status: string | null }> = await this.store.sql.query(
      `SELECT case_status FROM in_contacts WHERE case_id = $1 LIMIT 1`,
      [dto.caseId],
    );
    if (known.length === 0) {
      throw contactError(
        'CONTACT.UNKNOWN_CASE',
        `caseId: ${dto.caseId} is not a case the hotline referred; pick one from the possible duplicates.`,
        'invalid',
        { field: 'caseId' },
      );
    }
    return this.writer.run(
      contactId,
      {
        type: 'LinkReportToCase',
        caseId: dto.caseId,
        reason: dto.reason,
        metadata: commandMetadata(user, 'VN'),
      },
      { expectedVersion, idempotency },
    );
  }
}
