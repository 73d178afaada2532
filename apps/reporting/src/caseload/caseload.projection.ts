import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  TOPICS,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type DeadlineV1,
  type IntegrationEnvelope,
  type ReportReferredV1,
} from '@cp/contracts';
import type { Sql } from '@cp/event-store';
import { MessagingLifecycle } from '@cp/platform';

/**
 * Projects case and referral events into the caseload tables. A projection never rejects a recorded
 * fact: unknown event types are ignored, and updates only move a row forward (by case version).
 */
@Injectable()
export class CaseloadProjection implements OnModuleInit {
  constructor(private readonly messaging: MessagingLifecycle) {}

  onModuleInit(): void {
    this.messaging.consume('caseload', [TOPICS.caseworkCases, TOPICS.intakeContacts], (env, ctx) =>
      this.apply(env, ctx.sql),
    );
  }

  async apply(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    switch (env.type) {
      case 'CaseOpened': {
        const d = env.data as CaseOpenedV1;
        const due = d.deadlines.find((x) => x.kind === 'initial_assessment')?.dueAt ?? null;
        await sql.query(
          `INSERT INTO rm_caseload (case_id, commune_code, province_code, status, level, urgent, concerns, source_kind,
             contact_id, received_at, opened_at, initial_assessment_due_at, case_version, next_due_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$12)
           ON CONFLICT (case_id) DO NOTHING`,
          [
            d.caseId,
            d.communeCode,
            d.provinceCode,
            d.status,
            d.level,
            d.urgent,
            d.concerns,
            d.source.kind,
            d.source.kind === 'hotline_referral' ? d.source.contactId : null,
            d.receivedAt,
            d.openedAt,
            due,
            env.aggregateVersion,
          ],
        );
        return;
      }
      case 'ReportReferred': {
        const d = env.data as ReportReferredV1;
        await sql.query(
          `INSERT INTO rm_referrals (referral_id, contact_id, commune_code, province_code, urgent, received_at, referred_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
          [d.referralId, d.contactId, d.communeCode, d.provinceCode, d.urgent, d.receivedAt, d.referredAt],
        );
        return;
      }
      default: {
        // Every later step of a case carries where the case stands after it (CaseUpdatedV1).
        if (env.producer !== 'casework') return;
        const d = env.data as CaseUpdatedV1;
        const open = (d.deadlines ?? []).filter((x: DeadlineV1) => x.status === 'open').map((x) => x.dueAt);
        const missed = (d.deadlines ?? []).filter((x: DeadlineV1) => x.status === 'missed').length;
        await sql.query(
          `UPDATE rm_caseload SET commune_code = $2, province_code = $3, status = $4, level = $5,
             assigned_worker_id = $6, next_due_at = $7, missed_count = $8, closure_reason = $9, case_version = $10,
             updated_at = now()
           WHERE case_id = $1 AND case_version < $10`,
          [
            d.caseId,
            d.communeCode,
            d.provinceCode,
            d.status,
            d.level,
            d.assignedWorkerId,
            open.sort()[0] ?? null,
            missed,
            d.closureReason ?? null,
            env.aggregateVersion,
          ],
        );
        return;
      }
    }
  }
}
