import 'reflect-metadata';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@cp/testing';
import { answerEverythingAsProblems, hardenHttp } from './bootstrap';
import { openDatabase } from './database';
import { PostgresThrottlerStorage } from './rate-limit-storage';

// The rate limit counted in PostgreSQL, shared by the instances of a service: two Nest apps on one database
// together allow the limit, not twice it. Both work as the application role, as the services do.

jest.setTimeout(60_000);

@Controller()
class PingController {
  @Get('ping')
  ping() {
    return { ok: true };
  }
}
@Module({ controllers: [PingController] })
class PingModule {}

const LIMIT = 10;
const silent = pino({ level: 'silent' });
const verifier = {
  verify: async (token: string) => {
    if (!token.startsWith('user-')) throw new Error('invalid');
    return { sub: token, name: '', roles: [], units: [] };
  },
};

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const sources: DataSource[] = [];
const apps: INestApplication[] = [];
const bases: string[] = [];

async function instance(): Promise<{ base: string; storage: PostgresThrottlerStorage }> {
  const ds = await openDatabase({ url: db.appUrl, migrationUrl: db.url }, [], 4);
  sources.push(ds);
  const storage = new PostgresThrottlerStorage(ds, silent);
  const app = await NestFactory.create<NestExpressApplication>(PingModule, {
    bodyParser: false,
    logger: false,
  });
  hardenHttp(
    app,
    { production: false, corsOrigins: [], rateLimitPerMinute: LIMIT, rateLimitStorage: storage },
    silent,
    verifier,
  );
  await app.init();
  answerEverythingAsProblems(app, silent);
  await app.listen(0, '127.0.0.1');
  apps.push(app);
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  bases.push(base);
  return { base, storage };
}

/** Waits for a fresh minute when the current one ends within `ms`: the counts of one test stay in one window. */
async function awayFromTheMinute(ms = 5_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await new Promise((r) => setTimeout(r, left + 200));
}

let storage: PostgresThrottlerStorage;

beforeAll(async () => {
  db = await createTestDatabase('rate_limit');
  ({ storage } = await instance());
  await instance();
});

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const ds of sources) await ds.destroy();
  await db?.drop();
});

describe('the rate limit shared by two instances', () => {
  it('refuses the request on the second instance once both together reach the limit', async () => {
    await awayFromTheMinute();
    const headers = { authorization: 'Bearer user-shared' };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++)
      statuses.push((await fetch(`${bases[i % 2]}/api/v1/ping`, { headers })).status);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    const refused = await fetch(`${bases[1]}/api/v1/ping`, { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // and the first instance refuses too; another user is not affected
    expect((await fetch(`${bases[0]}/api/v1/ping`, { headers })).status).toBe(429);
    expect(
      (await fetch(`${bases[0]}/api/v1/ping`, { headers: { authorization: 'Bearer user-other' } })).status,
    ).toBe(200);
  });

  it('counts hits sent at once to both instances exactly (one atomic statement per hit)', async () => {
    await awayFromTheMinute();
    const headers = { authorization: 'Bearer user-burst' };
    const answers = await Promise.all(
      Array.from({ length: 3 * LIMIT }, (_, i) => fetch(`${bases[i % 2]}/api/v1/ping`, { headers })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * LIMIT);
  });

  it('keeps digests, not user ids or addresses, and purges the windows that have ended', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ key: string }>(`SELECT key FROM rate_limit_windows`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.key).join(' ')).not.toMatch(/user|127\.0\.0\.1/);
      await c.query(
        `INSERT INTO rate_limit_windows (key, window_ends, hits) VALUES ('ended', now() - interval '2 minutes', 3)`,
      );
      expect(await storage.purge()).toBeGreaterThanOrEqual(1);
      const left = await c.query(`SELECT 1 FROM rate_limit_windows WHERE window_ends < now()`);
      expect(left.rowCount).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('the application role may read and write the counters, and nothing more', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const { rows } = await c.query<Record<string, boolean>>(
        `SELECT ${['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
          .map((p) => `has_table_privilege('cp_app', 'rate_limit_windows', '${p}') AS "${p}"`)
          .join(', ')}`,
      );
      expect(rows[0]).toEqual({
        SELECT: true,
        INSERT: true,
        UPDATE: true,
        DELETE: true,
        TRUNCATE: false,
        REFERENCES: false,
        TRIGGER: false,
      });
    } finally {
      await c.end();
    }
  });
});
