import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dashboard lists the oldest overdue deadlines by kind: the caseload keeps the pending ones. */
export class CaseloadDashboard1763900001200 implements MigrationInterface {
  name = 'CaseloadDashboard1763900001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_caseload ADD COLUMN open_deadlines jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE INDEX rm_caseload_due_idx ON rm_caseload (next_due_at) WHERE status <> 'closed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rm_caseload_due_idx`);
    await q.query(`ALTER TABLE rm_caseload DROP COLUMN open_deadlines`);
  }
}
