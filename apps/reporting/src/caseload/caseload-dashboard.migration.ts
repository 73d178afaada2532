import { sqlMigration } from '@cp/event-store';

/** The dashboard lists the oldest overdue deadlines by kind: the caseload keeps the pending ones. */
export const CaseloadDashboard1763900001200 = sqlMigration('CaseloadDashboard1763900001200', {
  up: [
    `ALTER TABLE rm_caseload ADD COLUMN open_deadlines jsonb NOT NULL DEFAULT '[]'`,
    `CREATE INDEX rm_caseload_due_idx ON rm_caseload (next_due_at) WHERE status <> 'closed'`,
  ],
  down: [`DROP INDEX rm_caseload_due_idx`, `ALTER TABLE rm_caseload DROP COLUMN open_deadlines`],
});
