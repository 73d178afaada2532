import { sqlMigration } from '@cp/event-store';

/** The caseload follows every step of the procedure: its next open deadline and how many were missed. */
export const CaseloadDeadlines1763900001100 = sqlMigration('CaseloadDeadlines1763900001100', {
  up: [
    `ALTER TABLE rm_caseload ADD COLUMN next_due_at timestamptz`,
    `ALTER TABLE rm_caseload ADD COLUMN missed_count integer NOT NULL DEFAULT 0`,
    `ALTER TABLE rm_caseload ADD COLUMN closure_reason text`,
    `UPDATE rm_caseload SET next_due_at = initial_assessment_due_at WHERE status IN ('received','assessing')`,
  ],
  down: [
    `ALTER TABLE rm_caseload DROP COLUMN next_due_at, DROP COLUMN missed_count, DROP COLUMN closure_reason`,
  ],
});
