import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The caseload follows every step of the procedure: its next open deadline and how many were missed. */
export class CaseloadDeadlines1763900001100 implements MigrationInterface {
  name = 'CaseloadDeadlines1763900001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_caseload ADD COLUMN next_due_at timestamptz`);
    await q.query(`ALTER TABLE rm_caseload ADD COLUMN missed_count integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE rm_caseload ADD COLUMN closure_reason text`);
    await q.query(
      `UPDATE rm_caseload SET next_due_at = initial_assessment_due_at WHERE status IN ('received','assessing')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE rm_caseload DROP COLUMN next_due_at, DROP COLUMN missed_count, DROP COLUMN closure_reason`,
    );
  }
}
