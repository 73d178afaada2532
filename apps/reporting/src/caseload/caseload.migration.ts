import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The caseload read model: one row per case, kept current from the casework topic. */
export class Caseload1763900001000 implements MigrationInterface {
  name = 'Caseload1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_caseload (
        case_id uuid PRIMARY KEY,
        commune_code char(5) NOT NULL,
        province_code char(2) NOT NULL,
        status text NOT NULL,
        level text,
        urgent boolean NOT NULL,
        concerns text[] NOT NULL,
        source_kind text NOT NULL,
        contact_id uuid,
        received_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        initial_assessment_due_at timestamptz,
        assigned_worker_id text,
        case_version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX rm_caseload_commune_idx ON rm_caseload (commune_code, status)`);
    await q.query(`CREATE INDEX rm_caseload_province_idx ON rm_caseload (province_code, status)`);
    await q.query(`
      CREATE TABLE rm_referrals (
        referral_id uuid PRIMARY KEY,
        contact_id uuid NOT NULL,
        commune_code char(5) NOT NULL,
        province_code char(2) NOT NULL,
        urgent boolean NOT NULL,
        received_at timestamptz NOT NULL,
        referred_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rm_referrals`);
    await q.query(`DROP TABLE rm_caseload`);
  }
}
