import { Client, Pool } from 'pg';
import { randomUUID } from 'node:crypto';

export interface Result {
  name: string;
  value: number;
  unit: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}

export function serverUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function dbUrl(name: string): string {
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freshDatabase(
  prefix: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `cp_bench_${prefix}_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    url: dbUrl(name),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Runs `op` from `concurrency` workers until `total` operations are done; returns ops/s and latencies. */
export async function drive(
  concurrency: number,
  total: number,
  op: (worker: number, i: number) => Promise<void>,
): Promise<{ perSecond: number; latenciesMs: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t0 = process.hrtime.bigint();
        await op(w, i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, latenciesMs: latencies };
}

/** The reference: raw single-row INSERTs of a similar payload from Node at the given concurrency. */
export async function rawInsertRate(url: string, concurrency: number, total: number): Promise<number> {
  const pool = new Pool({ connectionString: url, max: concurrency });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL)`,
  );
  const payload = JSON.stringify(samplePayload());
  const { perSecond } = await drive(concurrency, total, async (w) => {
    await pool.query('INSERT INTO bench_raw (stream_id, data) VALUES ($1, $2)', [`w-${w}`, payload]);
  });
  await pool.end();
  return perSecond;
}

export function samplePayload(): Record<string, unknown> {
  return {
    caseId: randomUUID(),
    communeCode: '00004',
    provinceCode: '01',
    status: 'received',
    concerns: ['violence'],
    children: [{ childRef: randomUUID(), sex: 'female', ageYears: 9 }],
    receivedAt: new Date().toISOString(),
  };
}
