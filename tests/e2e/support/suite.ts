// What the end-to-end spec files share around their stack: its start and stop, the tokens of the people a
// file acts as, the communes it works in, and the small builders of valid bodies several files send.
import { randomInt } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import type { Role } from '@cp/contracts';
import { deadlinePolicyValues } from '@cp/testing';
import { Stack, expectStatus, token, type HttpResponse, type Problem, type StackOptions } from './stack';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Who a token speaks for: its roles, its units (commune or province codes, or VN) and, if given, its subject. */
export type TokenSpec = readonly [roles: Role | Role[], units: string[], sub?: string];

export interface Suite<K extends string> {
  /** The file's stack; usable in its tests and hooks once started (a use before that throws). */
  readonly stack: Stack;
  /** The file's tokens by name, minted once the stack is up. */
  readonly tok: Record<K, string>;
}

/**
 * One stack for the whole spec file: started (and the tokens minted, then `ready` run) before its first
 * test, stopped after its last. The `stack` it returns stands for the started one, so a file can name it
 * at its top level.
 */
export function stackForFile<K extends string>(
  options: StackOptions,
  tokens: Record<K, TokenSpec>,
  ready?: (suite: Suite<K>) => Promise<void>,
): Suite<K> {
  let started: Stack | undefined;
  const stack = new Proxy({} as Stack, {
    get(_target, property) {
      if (!started) throw new Error(`the stack ${options.name} is used before it started`);
      const value: unknown = Reflect.get(started, property, started);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started) : value;
    },
  });
  const tok = {} as Record<K, string>;
  beforeAll(async () => {
    started = await Stack.start(options);
    for (const [name, [roles, units, sub]] of Object.entries(tokens) as Array<[K, TokenSpec]>) {
      tok[name] = await token(roles, units, sub);
    }
    await ready?.({ stack, tok });
  }, 90_000);
  afterAll(async () => {
    await started?.stop();
  }, 60_000);
  return { stack, tok };
}

/**
 * Communes of the 2025 list at random, so that parallel runs rarely share a caseload: A and B are two
 * communes of province P, C is a commune of another province Q.
 */
export function pickCommunes(): { A: string; B: string; C: string; P: string; Q: string } {
  const byProvince = new Map<string, string[]>();
  for (const c of AdminUnits.load().communes) {
    byProvince.set(c.parent!, [...(byProvince.get(c.parent!) ?? []), c.code]);
  }
  const provinces = [...byProvince.keys()].filter((p) => byProvince.get(p)!.length >= 2);
  const any = <T>(xs: T[]): T => xs[randomInt(xs.length)];
  const P = any(provinces);
  const inP = byProvince.get(P)!;
  const A = any(inP);
  const B = any(inP.filter((code) => code !== A));
  const Q = any(provinces.filter((p) => p !== P));
  return { A, B, C: any(byProvince.get(Q)!), P, Q };
}

/** The four criteria of the risk scale, all at one rating. */
export const scores = (r: 'high' | 'medium' | 'low') => ({
  severity_of_harm: r,
  abuser_access: r,
  care_setting_obstacles: r,
  child_capacity: r,
});

export const minutesAgo = (n: number): string => new Date(Date.now() - n * 60_000).toISOString();

/** A local (UTC+7) date `days` from today, YYYY-MM-DD. */
export const localDateIn = (days: number): string =>
  new Date(Date.now() + 7 * HOUR + days * DAY).toISOString().slice(0, 10);

/** A refusal as problem details (RFC 9457) with the given status and stable code. */
export function expectProblem(res: HttpResponse<unknown>, status: number, code: string): Problem {
  expect({ status: res.status, code: (res.body as Problem).code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return res.body as Problem;
}

/**
 * A deadline policy version for one commune under which its closed files may be erased at once (still
 * only on a request the province approves), recorded by `adminToken` as a locality would.
 */
export async function recordImmediateRetention(
  stack: Stack,
  commune: string,
  adminToken: string,
  reason: string,
): Promise<{ version: string; retentionDaysAfterClosure: number }> {
  const created = expectStatus(
    await stack.casework.post<{ version: string; retentionDaysAfterClosure: number }>(
      '/api/v1/deadline-policies',
      {
        scope: commune,
        effectiveFrom: new Date().toISOString(),
        values: deadlinePolicyValues({ retentionDaysAfterClosure: 0 }),
        reason,
      },
      { token: adminToken },
    ),
    201,
    `the immediate retention policy of commune ${commune}`,
  );
  return created.body;
}

/**
 * Every service's log, after checking that each has lines and that `leaks` finds nothing in any of them
 * (`leaks` names what it found: a marked name, phone or text of the file's own personal data).
 */
export function logsWithoutLeaks(stack: Stack, leaks: (text: string) => string[]): Record<string, string> {
  const logs = stack.allLogs();
  for (const [app, text] of Object.entries(logs)) {
    expect(text.length).toBeGreaterThan(0);
    expect({ app, leaked: leaks(text) }).toEqual({ app, leaked: [] });
  }
  return logs;
}
