import { Injectable } from '@nestjs/common';
import {
  TOPICS,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type DeadlineV1,
  type IntegrationEnvelope,
  type ReportReferredV1,
} from '@cp/contracts';
import type { Sql } from '@cp/event-store';
import { LIVE, type Projection, type TableName } from '../projections/projection';

/**
 * Projects case and referral events into the caseload tables. A projection never rejects a recorded
 * fact: unknown event types are ignored, and updates only move a row forward (by case version).
 */
@Injectable()
export class CaseloadProjection implements Projection {
  readonly name = 'caseload';
  readonly tables = ['rm_caseload', 'rm_referrals'] as const;
  readonly topics = [TOPICS.caseworkCases, TOPICS.intakeContacts] as const;

  async applyBatch(envelopes: readonly IntegrationEnvelope[], sql: Sql, t: TableName): Promise<void> {
    for (const env of envelopes) await this.apply(env, sql, t);
  }

  async apply(env: IntegrationEnvelope, sql: Sql, t: TableName = LIVE): Promise<void> {
    switch (env.type) {
      case 'CaseOpened': {
        const d = env.data as CaseOpenedV1;
        const due = d.deadlines.find((x) => x.kind === 'initial_assessment')?.dueAt ?? null;
        await sql.query(
          `INSERT INTO ${t('rm_caseload')} (case_id, commune_code, province_code, status, level, urgent, concerns, source_kind,
             contact_id, received_at, opened_at, initial_assessment_due_at, case_version, next_due_at, open_deadlines)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$12,$14)
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
            JSON.stringify(
              d.deadlines
                .filter((x) => x.status === 'open')
                .map((x) => ({ id: x.id, kind: x.kind, dueAt: x.dueAt, status: x.status })),
            ),
          ],
        );
        return;
      }
      case 'ReportReferred': {
        const d = env.data as ReportReferredV1;
        await sql.query(
          `INSERT INTO ${t('rm_referrals')} (referral_id, contact_id, commune_code, province_code, urgent, received_at, referred_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
          [d.referralId, d.contactId, d.communeCode, d.provinceCode, d.urgent, d.receivedAt, d.referredAt],
        );
        return;
      }
      default: {
        // Every later step of a case carries where the case stands after it (CaseUpdatedV1).
        if (env.producer !== 'casework') return;
        const d = env.data as CaseUpdatedV1;
        const pending = (d.deadlines ?? []).filter(
          (x: DeadlineV1) => x.status === 'open' || x.status === 'missed',
        );
        const open = pending.map((x) => x.dueAt);
        const missed = (d.deadlines ?? []).filter((x: DeadlineV1) => x.status === 'missed').length;
        await sql.query(
          `UPDATE ${t('rm_caseload')} SET commune_code = $2, province_code = $3, status = $4, level = $5,
             assigned_worker_id = $6, next_due_at = $7, missed_count = $8, closure_reason = $9, case_version = $10,
             open_deadlines = $11, updated_at = now()
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
            JSON.stringify(
              pending.map((x) => ({ id: x.id, kind: x.kind, dueAt: x.dueAt, status: x.status })),
            ),
          ],
        );
        return;
      }
    }
  }
}
