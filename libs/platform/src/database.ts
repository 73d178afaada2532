import { DataSource, type MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;
import {
  Checkpoints1763900000200,
  ERASE_KEYS_FUNCTION,
  EventStore1763900000000,
  RECORD_TABLES,
  IdempotencyScrub1763900000500,
  RecordProtection1763900000400,
  SubjectKeys1763900000300,
} from '@cp/event-store';
import { Inbox1763900000100 } from '@cp/messaging';
import { RateLimits1763900000600 } from './migrations/1763900000600-rate-limits';

/**
 * Migrations every service database has: event store, outbox, inbox, published checkpoints and the rate
 * limit's shared counters.
 */
export const PLATFORM_MIGRATIONS = [
  EventStore1763900000000,
  Inbox1763900000100,
  Checkpoints1763900000200,
  SubjectKeys1763900000300,
  RecordProtection1763900000400,
  IdempotencyScrub1763900000500,
  RateLimits1763900000600,
];

/**
 * Who connects for what (docs/audit-integrity.md, "Database roles"). The service works as a restricted
 * application role (`url`, DATABASE_URL); the owner of the tables (`migrationUrl`, MIGRATION_DATABASE_URL)
 * only runs the migrations and grants the application role what it may do, at boot, then disconnects.
 */
export interface DatabaseAccess {
  url: string;
  /** The owner's URL; without it (or with the same user) the service migrates as the role it works as. */
  migrationUrl?: string;
  /** Tables besides RECORD_TABLES that the application may only insert into and read. */
  appendOnly?: readonly string[];
  /**
   * Read models the application rebuilds by swapping tables (reporting's projections): the application's
   * role owns them and may create tables, which renaming and dropping need.
   */
  applicationOwned?: readonly string[];
}

const userOf = (url: string): string => decodeURIComponent(new URL(url).username);

/** Do these settings name a restricted application role distinct from the owner? */
export function separateRoles(access: Pick<DatabaseAccess, 'url' | 'migrationUrl'>): boolean {
  if (!access.migrationUrl) return false;
  const app = userOf(access.url);
  return app !== '' && app !== userOf(access.migrationUrl);
}

/**
 * Opens the service database and runs its migrations under an advisory lock, so several instances
 * starting together migrate once. Schema changes only through migrations, never `synchronize`. With an
 * owner URL, the migrations and the grants run as the owner and the pool connects as the application role.
 */
export async function openDatabase(
  access: string | DatabaseAccess,
  migrations: MigrationClass[],
  poolSize = 20,
  statementTimeoutMs = 0,
): Promise<DataSource> {
  const a: DatabaseAccess = typeof access === 'string' ? { url: access } : access;
  const all = [...PLATFORM_MIGRATIONS, ...migrations];
  if (!separateRoles(a)) {
    const ds = dataSource(a.url, all, poolSize);
    await ds.initialize();
    await migrate(ds);
    if (!statementTimeoutMs) return ds;
    // The owner's pool migrated without a time limit; the service's own pool has one.
    await ds.destroy();
    const limited = dataSource(a.url, [], poolSize, statementTimeoutMs);
    await limited.initialize();
    return limited;
  }
  // Two connections: one holds the advisory lock while the migrations run on the other.
  const owner = dataSource(a.migrationUrl!, all, 2);
  await owner.initialize();
  try {
    await migrate(owner, (sql) => grantApplicationRole(sql, userOf(a.url), a));
  } finally {
    await owner.destroy();
  }
  const ds = dataSource(a.url, [], poolSize, statementTimeoutMs);
  await ds.initialize();
  return ds;
}

function dataSource(
  url: string,
  migrations: MigrationClass[],
  poolSize: number,
  statementTimeoutMs = 0,
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    logging: false,
    extra: {
      max: poolSize,
      application_name: 'cp-service',
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    },
  });
}

async function migrate(
  ds: DataSource,
  after?: (sql: { query(text: string): Promise<unknown> }) => Promise<void>,
): Promise<void> {
  // Session-level lock: it must be taken and released on the same connection.
  const lock = ds.createQueryRunner();
  await lock.connect();
  await lock.query('SELECT pg_advisory_lock(7110000)');
  try {
    await ds.runMigrations({ transaction: 'each' });
    if (after) await after(lock);
  } finally {
    await lock.query('SELECT pg_advisory_unlock(7110000)');
    await lock.release();
  }
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * What the application's role may do, granted by the owner after every migration run (idempotent, so a
 * table a later migration adds is covered at the next boot): read and write its tables, except the
 * records of rules 10 and 11 (RECORD_TABLES and `appendOnly`), which it may only insert into and read;
 * destroy subject keys only through the erasure function; never touch the migrations table.
 */
export async function grantApplicationRole(
  sql: { query(text: string, params?: unknown[]): Promise<unknown> },
  role: string,
  opts: Pick<DatabaseAccess, 'appendOnly' | 'applicationOwned'> = {},
): Promise<void> {
  const r = ident(role);
  const existing = async (tables: readonly string[]): Promise<string[]> => {
    const rows = (await sql.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY($1)`,
      [tables],
    )) as Array<{ name: string }>;
    return rows.map((row) => row.name);
  };
  await sql.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await sql.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await sql.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  const records = await existing([...RECORD_TABLES, ...(opts.appendOnly ?? [])]);
  if (records.length) {
    await sql.query(
      `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${records.map(ident).join(', ')} FROM ${r}`,
    );
  }
  await sql.query(`REVOKE ALL ON typeorm_migrations FROM ${r}`);
  const [fn] = (await sql.query(`SELECT to_regprocedure($1) IS NOT NULL AS present`, [
    ERASE_KEYS_FUNCTION,
  ])) as Array<{ present: boolean }>;
  if (fn?.present) await sql.query(`GRANT EXECUTE ON FUNCTION ${ERASE_KEYS_FUNCTION} TO ${r}`);
  const owned = await existing(opts.applicationOwned ?? []);
  if (owned.length) {
    await sql.query(`GRANT CREATE ON SCHEMA public TO ${r}`);
    for (const t of owned) await sql.query(`ALTER TABLE ${ident(t)} OWNER TO ${r}`);
  }
}
