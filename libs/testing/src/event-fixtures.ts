import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  Checkpoints1763900000200,
  EventStore1763900000000,
  IdempotencyScrub1763900000500,
  RecordProtection1763900000400,
  SubjectKeys1763900000300,
} from '@cp/event-store';

/** The event store's own migrations, in order: events and outbox, checkpoints, subject keys, protections, scrub. */
export const EVENT_STORE_MIGRATIONS = [
  EventStore1763900000000,
  Checkpoints1763900000200,
  SubjectKeys1763900000300,
  RecordProtection1763900000400,
  IdempotencyScrub1763900000500,
];

/**
 * The metadata of an event a commune worker recorded (fresh correlation and command ids on every call),
 * as the event-store specs append them; `unit` is the worker's commune (Phường Ba Đình by default).
 */
export function workerEventMetadata(unit = '00004'): {
  actorId: string;
  roles: string[];
  unit: string;
  correlationId: string;
  causationId: string | null;
  commandId: string;
} {
  return {
    actorId: 'w-1',
    roles: ['commune_worker'],
    unit,
    correlationId: randomUUID(),
    causationId: null,
    commandId: randomUUID(),
  };
}

/**
 * Runs one statement on es_events as the owner of the tables could, with the append-only trigger switched
 * off for that transaction only: how the specs tamper with the log the hash chain is there to expose.
 */
export async function pastAppendOnlyTrigger(
  databaseUrl: string,
  sql: string,
  params: unknown[],
): Promise<void> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(`ALTER TABLE es_events DISABLE TRIGGER USER`);
    await c.query(sql, params);
    await c.query(`ALTER TABLE es_events ENABLE TRIGGER USER`);
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
}
