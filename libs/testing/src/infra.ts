import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { migratedDataSource } from './data-source';

/** Where the tests find PostgreSQL and Kafka: the same variables the services read. */
export function testDatabaseServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function testKafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
}

export function databaseUrlFor(database: string): string {
  const url = new URL(testDatabaseServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export function tcpAnswers(hostPort: string, timeoutMs = 1500): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port), timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The restricted role the services work as (docs/audit-integrity.md, "Database roles"), with its published
 * development password: `npm run infra -- up` creates it on the local cluster, the tests wherever they run.
 */
export const TEST_APPLICATION_ROLE = { user: 'cp_app', password: 'cp_app' };

/** Creates the application role on the server if it is missing (concurrent test files may race: fine). */
async function ensureApplicationRole(admin: Client): Promise<void> {
  const { user, password } = TEST_APPLICATION_ROLE;
  await admin.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${user}') THEN
        CREATE ROLE ${user} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
}

/**
 * A fresh database per test file (one server per run, fresh names instead of truncating).
 * `url` connects as the server's superuser — the owner that runs the migrations, and what an attacker
 * with database access would use; `appUrl` as the restricted application role.
 */
export async function createTestDatabase(prefix: string): Promise<{
  name: string;
  url: string;
  appUrl: string;
  /** A connection as the owner with these migrations run: what most integration specs start from. */
  migrated: (
    migrations: DataSourceOptions['migrations'],
    extra?: Record<string, unknown>,
  ) => Promise<DataSource>;
  drop: () => Promise<void>;
}> {
  const name = `cp_test_${prefix.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: testDatabaseServerUrl() });
  await admin.connect();
  try {
    await ensureApplicationRole(admin);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const appUrl = new URL(databaseUrlFor(name));
  appUrl.username = TEST_APPLICATION_ROLE.user;
  appUrl.password = TEST_APPLICATION_ROLE.password;
  return {
    name,
    url: databaseUrlFor(name),
    appUrl: appUrl.toString(),
    migrated: (migrations, extra) => migratedDataSource(databaseUrlFor(name), migrations, extra),
    drop: async () => {
      const c = new Client({ connectionString: testDatabaseServerUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Unique names per test so tests never see each other's data. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Polls until `probe` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 20000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
