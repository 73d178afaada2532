import { sqlMigration } from '@cp/event-store';

/** event-sourcing rule 7: the consumer inbox, written in the same transaction as the effect. */
export const Inbox1763900000100 = sqlMigration('Inbox1763900000100', {
  up: [
    `
      CREATE TABLE msg_inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`,
    `
      CREATE TABLE msg_dead_letters (
        id bigserial PRIMARY KEY,
        consumer text NOT NULL,
        event_id uuid,
        topic text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset bigint NOT NULL,
        error text NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now()
      )`,
  ],
  down: [`DROP TABLE msg_dead_letters`, `DROP TABLE msg_inbox`],
});
