import { sqlMigration } from '@cp/event-store';

/** The caseload read model: one row per case, kept current from the casework topic. */
export const Caseload1763900001000 = sqlMigration('Caseload1763900001000', {
  up: [
    `
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
      )`,
    `CREATE INDEX rm_caseload_commune_idx ON rm_caseload (commune_code, status)`,
    `CREATE INDEX rm_caseload_province_idx ON rm_caseload (province_code, status)`,
    `
      CREATE TABLE rm_referrals (
        referral_id uuid PRIMARY KEY,
        contact_id uuid NOT NULL,
        commune_code char(5) NOT NULL,
        province_code char(2) NOT NULL,
        urgent boolean NOT NULL,
        received_at timestamptz NOT NULL,
        referred_at timestamptz NOT NULL
      )`,
  ],
  down: [`DROP TABLE rm_referrals`, `DROP TABLE rm_caseload`],
});
