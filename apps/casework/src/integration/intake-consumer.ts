import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import {
  DomainError,
  TOPICS,
  type IntegrationEnvelope,
  type ReportLinkedToCaseV1,
  type ReportReferredV1,
} from '@cp/contracts';
import { ConcurrencyError, EventStore, load, type Sql } from '@cp/event-store';
import { CONFIG, MessagingLifecycle, commandMetadataFromEvent, uuidFromName } from '@cp/platform';
import {
  DEV_REFERRAL_IDENTITY_KEY,
  openReferralIdentity,
  type ReferralIdentityKeyRing as KeyRing,
} from '@cp/messaging';
import type { CaseworkConfig } from '../config';
import type { CaseIdentity } from '../domain/case.events';
import { caseDecider } from '../domain/case.decider';
import { caseSubject } from '../domain/case.personal-data';
import { CaseWriter } from '../write/case-writer';
import { NEW_CASE, streamId } from '../write/case-stream';
import { DEADLINE_RULES, type DeadlineRulesSource } from '../write/deadline-rules';

/** Namespace for case ids derived from referral ids: one referral can only ever open one case. */
const REFERRAL_NAMESPACE = 'cp.casework.case-from-referral';
const caseIdOfReferral = (referralId: string) => uuidFromName(REFERRAL_NAMESPACE, referralId);

/**
 * Casework's side of intake's topic: a referral opens a case (and the police notice it carried), a
 * repeat report linked to a case is added to it. Publishing is the write path's outbox (case-messages.ts).
 */
@Injectable()
export class IntakeConsumer implements OnModuleInit {
  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
    private readonly messaging: MessagingLifecycle,
    private readonly writer: CaseWriter,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRulesSource,
    /** Absent in tests that build the service by hand: they run in development mode (its published key). */
    @Optional() @Inject(CONFIG) private readonly config?: Pick<CaseworkConfig, 'referralIdentityKeys'>,
  ) {}

  private get identityKeys(): KeyRing {
    return this.config?.referralIdentityKeys ?? [{ kid: 'dev', key: DEV_REFERRAL_IDENTITY_KEY }];
  }

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.caseworkCases);
    this.messaging.consume(
      'referrals',
      [TOPICS.intakeContacts],
      (env, ctx) => this.onIntakeEvent(env, ctx.sql),
      async (envs, ctx) => {
        for (const env of envs) await this.onIntakeEvent(env, ctx.sql);
      },
    );
  }

  /** A referral from the hotline opens exactly one case: the case id is derived from the referral id. */
  private async onIntakeEvent(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    if (env.type === 'ReportLinkedToCase') return this.onReportLinked(env, sql);
    if (env.type !== 'ReportReferred') return;
    const d = env.data as ReportReferredV1;
    const caseId = caseIdOfReferral(d.referralId);
    const provinceCode = this.units.provinceOf(d.communeCode) ?? d.provinceCode;
    const metadata = commandMetadataFromEvent(
      env,
      { id: 'system:casework', roles: ['system'], unit: d.communeCode },
      new Date().toISOString(),
    );
    const residence =
      d.residenceCommuneCode && this.units.commune(d.residenceCommuneCode) ? d.residenceCommuneCode : null;
    // The child's identity, sealed by intake for casework alone: opened here, sealed again under the
    // case's key by the append (CASE_TEXT_FIELDS). A referral that does not open is dead-lettered.
    const rules = await this.rules.rulesFor(d.communeCode, provinceCode, d.receivedAt);
    const brought = d.identity ? openReferralIdentity(this.identityKeys, d.referralId, d.identity) : null;
    const identity: CaseIdentity | null = brought
      ? { children: brought.children, reporter: brought.reporter }
      : null;
    const opened = this.writer.run(
      caseId,
      {
        type: 'OpenCase',
        caseId,
        source: { kind: 'hotline_referral', contactId: d.contactId, referralId: d.referralId },
        incidentCommuneCode: d.communeCode,
        provinceCode,
        // The hotline records where the child lives when it is not where it happened (Law Art. 52.2).
        residenceCommuneCode: residence,
        residenceProvinceCode: residence ? (this.units.provinceOf(residence) ?? null) : null,
        receivedAt: d.receivedAt,
        urgent: d.urgent,
        concerns: d.concerns,
        category: d.category ?? null,
        setting: d.setting ?? null,
        children: d.children.length
          ? d.children
          : [{ childRef: `${d.referralId}-unknown`, sex: 'unknown', ageYears: null }],
        identity,
        metadata: { ...metadata, now: maxIso(metadata.now, d.receivedAt) },
        rules,
      },
      // Who referred it (the counsellor acting in intake), for `own-referrals`: kept in the case index.
      // The case does not exist yet, so nothing is read: if an earlier delivery of the referral (under
      // another event id) opened it, the append's guard refuses and there is nothing more to do.
      {
        expectedVersion: 0,
        sql,
        referredBy: env.actor?.id ?? null,
        loaded: NEW_CASE,
        newSubjects: [caseSubject(caseId)],
      },
    );
    const done = await opened.then(
      () => true,
      (err: unknown) => {
        if (!(err instanceof ConcurrencyError)) throw err;
        return false;
      },
    );
    // The hotline's notice to the police travels with the referral into the case (Criminal Procedure
    // Code Art. 25.3): recorded on the case as the step the commune would otherwise record.
    if (done && brought?.police) {
      await this.writer.run(
        caseId,
        {
          type: 'NotifyPolice',
          notifiedAt: d.referredAt,
          policeUnit: brought.police.unit,
          reference: brought.police.reference,
          metadata: { ...metadata, now: maxIso(metadata.now, d.receivedAt), commandId: randomUUID() },
          rules,
        },
        { sql },
      );
    }
  }

  /** A repeat report the hotline linked to an existing case: new information on it, not a second case. */
  private async onReportLinked(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    const d = env.data as ReportLinkedToCaseV1;
    const loaded = await load(this.store, caseDecider, streamId(d.caseId), { sql });
    if (!loaded.state.exists) {
      throw new DomainError(
        'CASE.NOT_FOUND',
        `The hotline linked a report to case ${d.caseId}, which does not exist.`,
        'not_found',
      );
    }
    const s = loaded.state;
    const metadata = commandMetadataFromEvent(
      env,
      { id: 'system:casework', roles: ['system'], unit: s.ownerCommuneCode },
      new Date().toISOString(),
    );
    await this.writer.run(
      d.caseId,
      {
        type: 'AddReport',
        contactId: d.contactId,
        receivedAt: d.receivedAt,
        urgent: d.urgent,
        concerns: d.concerns,
        children: d.children,
        metadata,
        rules: await this.rules.rulesFor(s.ownerCommuneCode!, s.ownerProvinceCode!, metadata.now),
      },
      { sql, loaded },
    );
  }
}

function maxIso(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
