import { DataSource, type MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;
import { Checkpoints1763900000200, EventStore1763900000000, SubjectKeys1763900000300 } from '@cp/event-store';
import { Inbox1763900000100 } from '@cp/messaging';

/** Migrations every service database has: event store, outbox, inbox and published checkpoints. */
export const PLATFORM_MIGRATIONS = [
  EventStore1763900000000,
  Inbox1763900000100,
  Checkpoints1763900000200,
  SubjectKeys1763900000300,
];

/**
 * Opens the service database and runs its migrations under an advisory lock, so several instances
 * starting together migrate once. Schema changes only through migrations, never `synchronize`.
 */
export async function openDatabase(
  url: string,
  migrations: MigrationClass[],
  poolSize = 20,
): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations: [...PLATFORM_MIGRATIONS, ...migrations],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: 'cp-service' },
  });
  await ds.initialize();
  // Session-level lock: it must be taken and released on the same connection.
  const lock = ds.createQueryRunner();
  await lock.connect();
  await lock.query('SELECT pg_advisory_lock(7110000)');
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(7110000)');
    await lock.release();
  }
  return ds;
}
