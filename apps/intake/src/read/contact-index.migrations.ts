import { sqlMigration } from '@cp/event-store';

/**
 * intake's own index of its contacts, written in the same statement as their events: the counsellors'
 * work lists, the follow-up watcher, repeat callers and possible duplicates read it. It holds folded
 * names and notes for searching, so it is as confidential as the contacts themselves (hotline roles only).
 */
export const ContactIndex1763900003000 = sqlMigration('ContactIndex1763900003000', {
  up: [
    `
      CREATE TABLE in_contacts (
        contact_id uuid PRIMARY KEY,
        received_at timestamptz NOT NULL,
        channel text NOT NULL,
        purpose text NOT NULL,
        status text NOT NULL,
        concerns text[] NOT NULL,
        incident_commune char(5),
        incident_province char(2),
        urgent boolean NOT NULL,
        recorded_by text,
        referred_by text,
        referral_id uuid,
        referral_commune char(5),
        referral_province char(2),
        acknowledge_by timestamptz,
        acknowledged_at timestamptz,
        alert_raised_at timestamptz,
        case_id uuid,
        case_status text,
        case_step text,
        next_due_at timestamptz,
        linked_case_id uuid,
        outcome text,
        closed_at timestamptz,
        caller_key text,
        children jsonb NOT NULL,
        search_text text NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    `CREATE INDEX in_contacts_received_idx ON in_contacts (received_at DESC)`,
    `CREATE INDEX in_contacts_status_idx ON in_contacts (status, received_at DESC)`,
    `CREATE INDEX in_contacts_commune_idx ON in_contacts (referral_commune)`,
    `CREATE INDEX in_contacts_province_idx ON in_contacts (incident_province, received_at DESC)`,
    `CREATE INDEX in_contacts_caller_idx ON in_contacts (caller_key) WHERE caller_key IS NOT NULL`,
    `CREATE INDEX in_contacts_follow_up_idx ON in_contacts (acknowledge_by)
       WHERE acknowledged_at IS NULL AND alert_raised_at IS NULL AND acknowledge_by IS NOT NULL`,
  ],
  down: [`DROP TABLE in_contacts`],
});

/**
 * The index keeps no personal data in clear (rule 11): a child's folded name is sealed under the child's
 * key (erased with it), and the text search is a blind index — keyed digests of the folded words of the
 * names and the caller's account, `search_tokens` — so a word finds a contact without the words being
 * stored. Rows written before this change are rewritten from the events at the next start.
 */
export const ContactIndexSealed1763900003100 = sqlMigration('ContactIndexSealed1763900003100', {
  up: [
    `TRUNCATE in_contacts`,
    `ALTER TABLE in_contacts DROP COLUMN search_text`,
    `ALTER TABLE in_contacts ADD COLUMN search_tokens text[] NOT NULL DEFAULT '{}'`,
    `CREATE INDEX in_contacts_search_idx ON in_contacts USING gin (search_tokens)`,
  ],
  down: [
    `DROP INDEX in_contacts_search_idx`,
    `ALTER TABLE in_contacts DROP COLUMN search_tokens`,
    `ALTER TABLE in_contacts ADD COLUMN search_text text NOT NULL DEFAULT ''`,
  ],
});

/**
 * The hotline follows a referral up status-level only (open or closed, taken up, overdue): the step a case
 * is at and its next due date are no longer kept in the index, which has `case_overdue` instead. Rows are
 * rewritten from the events at the next start, as after every index migration.
 */
export const ContactIndexFollowUp1763900003200 = sqlMigration('ContactIndexFollowUp1763900003200', {
  up: [
    `TRUNCATE in_contacts`,
    `ALTER TABLE in_contacts DROP COLUMN case_step, DROP COLUMN next_due_at`,
    `ALTER TABLE in_contacts ADD COLUMN case_overdue boolean NOT NULL DEFAULT false`,
  ],
  down: [
    `ALTER TABLE in_contacts DROP COLUMN case_overdue`,
    `ALTER TABLE in_contacts ADD COLUMN case_step text, ADD COLUMN next_due_at timestamptz`,
  ],
});

/**
 * The forwarding clock ("chuyển ngay": receipt → referral) and who a referral went to: the supervisor's
 * follow-up list shows reports not passed on in time. Which kind of body recorded the contact (a provincial
 * officer or a commune worker reads only the reports their kind of body recorded in their jurisdiction). Rows are rewritten from the events at the next start.
 */
export const ContactIndexForwarding1763900003300 = sqlMigration('ContactIndexForwarding1763900003300', {
  up: [
    `TRUNCATE in_contacts`,
    `ALTER TABLE in_contacts ADD COLUMN forward_by timestamptz, ADD COLUMN forwarding_alert_at timestamptz,
         ADD COLUMN referral_recipient text, ADD COLUMN clock_policy text,
         ADD COLUMN receiver_kind text NOT NULL DEFAULT 'hotline'`,
    `CREATE INDEX in_contacts_forwarding_idx ON in_contacts (forward_by)
       WHERE status = 'open' AND forwarding_alert_at IS NULL AND forward_by IS NOT NULL`,
  ],
  down: [
    `DROP INDEX in_contacts_forwarding_idx`,
    `ALTER TABLE in_contacts DROP COLUMN forward_by, DROP COLUMN forwarding_alert_at,
         DROP COLUMN referral_recipient, DROP COLUMN clock_policy, DROP COLUMN receiver_kind`,
  ],
});

/** intake's own migrations, in order (after the platform's). */
export const INTAKE_MIGRATIONS = [
  ContactIndex1763900003000,
  ContactIndexSealed1763900003100,
  ContactIndexFollowUp1763900003200,
  ContactIndexForwarding1763900003300,
];
