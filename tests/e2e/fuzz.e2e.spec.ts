// Hostile input, end to end: every route of the access matrix (libs/auth/src/access-matrix.ts) is fuzzed
// with malformed and hostile path parameters, query strings, bodies and headers (fast-check), with tokens
// of the roles the matrix allows on it and without; every operation of the three services' OpenAPI
// documents must be a route of the matrix (the test lists any that is not), so nothing served escapes. No answer may be 5xx, every error is problem+json without
// internals, /health stays 200 throughout, and a phase of requests that must all be refused leaves the
// event stores and outboxes exactly as they were. Counts go to .local/fuzz-report.json.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ACCESS_MATRIX, mintToken } from '@cp/auth';
import { ROLES, type Role } from '@cp/contracts';
import { eventually } from '@cp/testing';
import { mapLimit, recordAndRefer, reportBody } from './support/api';
import { APPS, JWT_SECRET, ROOT, Stack, expectStatus, sleep, token, type AppName } from './support/stack';

jest.setTimeout(240_000);

const COMMUNE = '00004'; // Phường Ba Đình, Hà Nội
const PROVINCE = '01';
/** Inputs per operation in the free phase, and the fewest any operation may have received in all. */
const RUNS_PER_OPERATION = 250;
const MIN_INPUTS_PER_OPERATION = 200;
const CONCURRENCY = 6;
/**
 * The same inputs on every run, so CI is reproducible: FUZZ_SEED=<n> runs other ones, or replays a run (the
 * seed is printed first, and is in the report and in every failure). Change the default to fuzz anew.
 */
const DEFAULT_SEED = 20261207;
const SEED = Number(process.env.FUZZ_SEED || DEFAULT_SEED);
if (!Number.isSafeInteger(SEED))
  throw new Error(`FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);
console.log(`fuzz: FUZZ_SEED=${SEED}${process.env.FUZZ_SEED ? '' : ' (the default)'}`);

interface Operation {
  app: AppName;
  method: string;
  /** OpenAPI template, e.g. /api/v1/cases/{id}/plan (the matrix's /api/v1/cases/:id/plan) */
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
  hasBody: boolean;
  /** Roles the access matrix allows (none for a public route). */
  roles: Role[];
  /** Needs no token (public in the access matrix, e.g. a public key or /health). */
  public: boolean;
}

interface Tally {
  inputs: number;
  statuses: Record<string, number>;
  byOperation: Record<string, number>;
}

let stack: Stack;
const tokens = {} as Record<Role, string>;
const operations: Operation[] = [];
const tally = Object.fromEntries(
  APPS.map((a) => [a, { inputs: 0, statuses: {}, byOperation: {} }]),
) as Record<AppName, Tally>;
const failures: string[] = [];
/** Inputs per phase: `refused` (must all be refused), `fuzz`. */
const phases: Record<string, { inputs: number; statuses: Record<string, number> }> = {};
/** Real ids, so hostile input also reaches records that exist. */
const real: Record<AppName, Record<string, string>> = { intake: {}, casework: {}, reporting: {} };
let healthFailures = 0;
let healthChecks = 0;
let healthPoller: NodeJS.Timeout | undefined;

beforeAll(async () => {
  stack = await Stack.start({
    name: 'fuzz',
    // The free phase sends thousands of requests a minute with one token per role; no checkpoints, so the
    // refused phase is the only thing that could write.
    env: { RATE_LIMIT_PER_MINUTE: '1000000', CHECKPOINT_MS: '0' },
  });
  for (const role of ROLES) {
    const units = role.startsWith('commune')
      ? [COMMUNE]
      : role === 'provincial_officer'
        ? [PROVINCE]
        : ['VN'];
    tokens[role] = await token(role, units);
  }
  healthPoller = setInterval(() => {
    for (const app of APPS) {
      healthChecks++;
      fetch(`${stack.services[app].baseUrl}/health`, { signal: AbortSignal.timeout(10_000) })
        .then((r) => {
          if (r.status !== 200) healthFailures++;
        })
        .catch(() => healthFailures++);
    }
  }, 500);
});

afterAll(async () => {
  if (healthPoller) clearInterval(healthPoller);
  await stack?.stop();
});

// ───────────────────────────── discovery ─────────────────────────────

interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}
interface OpenApiOperation {
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: {
    content?: Record<string, { schema?: { $ref?: string; properties?: Record<string, unknown> } }>;
  };
}

/** The shape of each operation of a service's OpenAPI document, by `METHOD /path/{param}`. */
interface Shape {
  queryParams: string[];
  bodyFields: string[];
  /** No security requirement in the document. */
  public: boolean;
}

async function openApiShapes(app: AppName): Promise<Map<string, Shape>> {
  const res = expectStatus(
    await stack.services[app].get<OpenApi>('/api/docs/openapi.json'),
    200,
    `${app} OpenAPI document`,
  );
  const doc = res.body;
  const shapes = new Map<string, Shape>();
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const ref = schema?.$ref?.split('/').pop();
      const props = ref ? doc.components?.schemas?.[ref]?.properties : schema?.properties;
      shapes.set(`${method.toUpperCase()} ${p}`, {
        queryParams: params.filter((x) => x.in === 'query').map((x) => x.name),
        bodyFields: Object.keys(props ?? {}),
        public: !op.security?.length,
      });
    }
  }
  return shapes;
}

/**
 * The operations of a service: every route of the access matrix but the Swagger UI (an HTML page, not an
 * API), with the roles the matrix allows, and the query and body fields its OpenAPI operation names.
 */
function operationsOf(app: AppName, shapes: Map<string, Shape>): Operation[] {
  return ACCESS_MATRIX.filter((r) => r.service === app && !r.mountedBy).map((r) => {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const shape = shapes.get(`${r.method} ${path}`);
    return {
      app,
      method: r.method,
      path,
      pathParams: [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]),
      queryParams: shape?.queryParams ?? [],
      bodyFields: shape?.bodyFields ?? [],
      hasBody: r.method !== 'GET' && r.method !== 'DELETE',
      roles: r.roles === 'public' ? [] : [...r.roles],
      public: r.roles === 'public',
    };
  });
}

const key = (op: Operation) => `${op.method} ${op.path}`;
const randomUuid = () => '7d3f6c1e-0b1a-4c2d-9e8f-0123456789ab';

// ───────────────────────────── sending ─────────────────────────────

interface Input {
  /** Another method than the operation's (a wrong method). */
  method?: string;
  path: string;
  query?: string;
  body?: string;
  contentType?: string;
  token?: string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  type: string;
  text: string;
  headers?: Headers;
}

async function send(op: Operation, input: Input, phase: string): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...input.headers };
  if (input.token !== undefined) headers.authorization = `Bearer ${input.token}`;
  if (input.body !== undefined) headers['content-type'] = input.contentType ?? 'application/json';
  const url = `${stack.services[op.app].baseUrl}${input.path}${input.query ? `?${input.query}` : ''}`;
  let answer: Answer;
  try {
    const res = await fetch(url, {
      method: input.method ?? op.method,
      headers,
      body: input.body,
      signal: AbortSignal.timeout(30_000),
    });
    answer = {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text: await res.text(),
      headers: res.headers,
    };
  } catch (err) {
    answer = { status: 0, type: '', text: String(err) };
  }
  const ph = (phases[phase] ??= { inputs: 0, statuses: {} });
  ph.inputs++;
  ph.statuses[answer.status] = (ph.statuses[answer.status] ?? 0) + 1;
  const t = tally[op.app];
  t.inputs++;
  t.statuses[answer.status] = (t.statuses[answer.status] ?? 0) + 1;
  t.byOperation[key(op)] = (t.byOperation[key(op)] ?? 0) + 1;
  const problem = check(answer);
  if (problem) {
    failures.push(
      `[${phase}] ${op.app} ${op.method} ${url.slice(0, 300)} body=${(input.body ?? '').slice(0, 200)}: ${problem}`,
    );
  }
  return answer;
}

/**
 * What only a leak would show: a stack trace, a file path, PostgreSQL's or V8's own messages. (The input
 * itself may come back, e.g. "There is no deadline policy 1; SELECT …": that is not a leak.)
 */
const INTERNALS =
  /"stack"|\bat (?:\S+ )?\((?:node:|\/)|node_modules|\/work\/|dist\/apps|QueryFailedError|syntax error at or near|violates \S+ constraint|duplicate key value|invalid input syntax for|TypeError|RangeError|ReferenceError|Cannot read propert/;

/** Why an answer is wrong, or undefined. */
function check(a: Answer): string | undefined {
  if (a.status === 0) return `no answer (${a.text})`;
  if (a.status >= 500) return `HTTP ${a.status}: ${a.text.slice(0, 300)}`;
  if (a.headers && !a.headers.get('content-security-policy')?.includes("frame-ancestors 'none'"))
    return `HTTP ${a.status} without security headers`;
  // Never stored: `no-store` among the Cache-Control directives (terminus's health answers send
  // `no-cache, no-store, must-revalidate`, the rest exactly `no-store`).
  const cacheControl = (a.headers?.get('cache-control') ?? '').split(',').map((d) => d.trim());
  if (
    a.headers &&
    (a.headers.get('x-content-type-options') !== 'nosniff' || !cacheControl.includes('no-store'))
  )
    return `HTTP ${a.status} without nosniff / no-store`;
  if (a.headers?.get('x-powered-by')) return 'X-Powered-By is sent';
  if (a.status >= 400) {
    if (!a.type.startsWith('application/problem+json')) return `HTTP ${a.status} as ${a.type || 'no type'}`;
    let body: { code?: unknown; status?: unknown };
    try {
      body = JSON.parse(a.text) as { code?: unknown; status?: unknown };
    } catch {
      return `HTTP ${a.status}: problem+json that is not JSON`;
    }
    if (typeof body.code !== 'string' || body.status !== a.status) return `HTTP ${a.status}: no code/status`;
    if (INTERNALS.test(a.text)) return `HTTP ${a.status} leaks internals: ${a.text.slice(0, 300)}`;
  }
  return undefined;
}

function fill(op: Operation, params: Record<string, string>, raw = false): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    raw ? params[name] : encodeURIComponent(params[name] ?? 'x'),
  );
}

// ───────────────────────────── hostile values ─────────────────────────────

const SNIPPETS = [
  "' OR '1'='1",
  "'; DROP TABLE es_events; --",
  '1; SELECT pg_sleep(5)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '\u0000\u0001\u0002\u001b[31m',
  '\u202e\u200b\ufeff',
  'Nguyễn Thị Lan 👧🏻 ﷽',
  '\ud800',
  'null',
  'NaN',
  '-1',
  '1e309',
  '9999999999999999999999',
  '2026-02-30T25:61:00Z',
  ' ',
  '',
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SNIPPETS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 30_000 }).map((n) => 'A'.repeat(n)) },
);

const leaf = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(-0),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** A JSON text, or something that only looks like one. */
function bodyArb(op: Operation): fc.Arbitrary<{ body: string; contentType?: string }> {
  const fieldKeys = op.bodyFields.length ? fc.constantFrom(...op.bodyFields) : fc.string({ maxLength: 10 });
  const wrongTyped = fc
    .dictionary(
      fc.oneof(fieldKeys, fieldKeys, fc.constantFrom('__proto__', 'constructor', 'isAdmin')),
      hostileValue,
      {
        maxKeys: 6,
      },
    )
    .map((o) => JSON.stringify(o));
  const protoPollution = fc.constantFrom(
    '{"__proto__":{"isAdmin":true,"roles":["admin"]}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"children":[{"__proto__":{"sex":"male"}}]}',
  );
  const nested = fc.integer({ min: 10, max: 20_000 }).map((d) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`);
  const malformed = fc.constantFrom(
    '{',
    '{"a":',
    "{'a':1}",
    '{"a":1,}',
    '[1,2',
    'undefined',
    'NaN',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":1}{"b":2}',
    '   ',
  );
  const scalars = fc.constantFrom('null', '1', '"string"', '[]', 'true', '[{}]');
  const huge = fc.constantFrom(JSON.stringify({ notes: 'x'.repeat(300_000) }), `[${'0,'.repeat(200_000)}0]`);
  const wrongType = fc.record({
    body: fc.constantFrom('name=x&a=1', '<xml><a>1</a></xml>', '{"a":1}'),
    contentType: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/octet-stream',
    ),
  });
  return fc.oneof(
    { weight: 4, arbitrary: wrongTyped.map((body) => ({ body })) },
    { weight: 1, arbitrary: protoPollution.map((body) => ({ body })) },
    { weight: 1, arbitrary: nested.map((body) => ({ body })) },
    { weight: 1, arbitrary: malformed.map((body) => ({ body })) },
    { weight: 1, arbitrary: scalars.map((body) => ({ body })) },
    { weight: 1, arbitrary: huge.map((body) => ({ body })) },
    { weight: 1, arbitrary: wrongType },
  );
}

function queryArb(op: Operation): fc.Arbitrary<string> {
  const names = op.queryParams.length
    ? fc.oneof(fc.constantFrom(...op.queryParams), fc.constantFrom('__proto__', 'unknown', 'limit[]'))
    : fc.constantFrom('__proto__', 'unknown', 'q', 'a[b][c]');
  const value = fc.oneof(
    hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
    fc.constantFrom('%', '%zz', '%00', '-1', '1e9', 'true', '', '2026-13-45'),
    fc.integer({ min: 900, max: 20_000 }).map((n) => 'q'.repeat(n)),
  );
  return fc
    .array(fc.tuple(names, value), { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&'));
}

function pathParamArb(op: Operation): fc.Arbitrary<{ params: Record<string, string>; raw: boolean }> {
  const one = (name: string) =>
    fc.oneof(
      fc.constant(real[op.app][name] ?? randomUuid()),
      fc.constant(randomUuid()),
      fc.uuid(),
      hostileString.map((s) => s.replace(/[\ud800-\udfff]/g, '') || 'x'),
      fc.constantFrom('0', '-1', '99999999999999999999', 'null', 'undefined', '..', '.'),
    );
  const encoded = fc
    .tuple(...op.pathParams.map((n) => one(n).map((v) => [n, v] as const)))
    .map((entries) => ({ params: Object.fromEntries(entries), raw: false }));
  const raw = fc
    .constantFrom('%E0%A4%A', '%', '%00', 'a%2Fb', '%2e%2e', 'x;y', 'x%0d%0aSet-Cookie:a=b')
    .map((v) => ({ params: Object.fromEntries(op.pathParams.map((n) => [n, v])), raw: true }));
  return op.pathParams.length
    ? fc.oneof({ weight: 5, arbitrary: encoded }, { weight: 1, arbitrary: raw })
    : encoded;
}

const ifMatchArb = fc.constantFrom(
  '"abc"',
  '*',
  'W/"1"',
  '"-1"',
  '"99999999999999999999999"',
  '1',
  '""',
  '"1", "2"',
  `"${'9'.repeat(5000)}"`,
  '"1',
);
const idempotencyArb = fc.oneof(
  fc.constantFrom('', ' ', '../../x', "'; DROP TABLE es_events; --", 'k'.repeat(5000), '%00', '<script>'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
);

function tokenArb(op: Operation): fc.Arbitrary<string | undefined> {
  const allowed = op.roles.length ? op.roles : (['admin'] as Role[]);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...allowed).map((r) => tokens[r]) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('garbage', 'e30.e30.', `${tokens.admin.slice(0, -3)}abc`, 'a'.repeat(3000)),
    },
  );
}

function inputArb(op: Operation): fc.Arbitrary<Input> {
  return fc
    .record({
      p: pathParamArb(op),
      query: fc.option(queryArb(op), { freq: 2 }),
      body: op.hasBody ? fc.option(bodyArb(op), { freq: 6 }) : fc.constant(null),
      token: tokenArb(op),
      ifMatch: fc.option(ifMatchArb, { freq: 2 }),
      idem: fc.option(idempotencyArb, { freq: 3 }),
    })
    .map(({ p, query, body, token: t, ifMatch, idem }) => {
      const headers: Record<string, string> = {};
      if (ifMatch !== null) headers['If-Match'] = ifMatch;
      if (idem !== null) headers['Idempotency-Key'] = idem;
      return {
        path: fill(op, p.params, p.raw),
        query: query ?? undefined,
        body: body?.body,
        contentType: body?.contentType,
        token: t,
        headers,
      };
    });
}

// ───────────────────────────── persistence ─────────────────────────────

async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const app of APPS) {
    for (const table of ['es_events', 'es_outbox']) {
      const [exists] = await stack.services[app].query<{ t: string | null }>(
        `SELECT to_regclass($1)::text AS t`,
        [table],
      );
      if (!exists.t) continue;
      // A refused read is recorded (an access message, in the outbox): that is the one write a refusal makes.
      const [row] = await stack.services[app].query<{ n: string; refused: string }>(
        table === 'es_outbox'
          ? `SELECT count(*) FILTER (WHERE topic NOT LIKE '%.audit.access.v1')::text AS n,
                    count(*) FILTER (WHERE topic LIKE '%.audit.access.v1' AND payload->'data'->>'outcome' = 'refused')::text AS refused
             FROM es_outbox`
          : `SELECT count(*)::text AS n, '0' AS refused FROM ${table}`,
      );
      out[`${app}.${table}`] = Number(row.n);
      if (table === 'es_outbox') out[`${app}.refused_reads`] = Number(row.refused);
    }
  }
  return out;
}

/** The counts without the refused reads recorded. */
const writes = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([k]) => !k.endsWith('.refused_reads')));

/** Waits until no row count moves for two seconds (the relay and consumers have settled). */
async function settledCounts(): Promise<Record<string, number>> {
  let last = await rowCounts();
  for (let i = 0; i < 30; i++) {
    await sleep(2000);
    const now = await rowCounts();
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error(`row counts never settled: ${JSON.stringify(last)}`);
}

// ───────────────────────────── the test ─────────────────────────────

it('fuzzes every operation of the three services: no 5xx, problem details, up throughout, refusals write nothing', async () => {
  const started = Date.now();
  // Some real records, so hostile input also reaches existing contacts and cases.
  const counsellor = tokens.hotline_counsellor;
  const contact = await recordAndRefer(stack.intake, counsellor, COMMUNE, reportBody({}));
  const direct = expectStatus(
    await stack.casework.post<{ id: string }>(
      '/api/v1/cases',
      {
        incidentCommuneCode: COMMUNE,
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        concerns: ['neglect'],
        category: 'abused',
        setting: 'family',
        urgent: false,
        children: [{ sex: 'male', ageYears: 7 }],
        currentCondition: 'Em ở nhà một mình.',
        expectedWithoutHelp: 'Có nguy cơ bị bỏ rơi.',
        actionsTaken: 'Đã đến thăm.',
      },
      { token: tokens.commune_worker },
    ),
    201,
    'open a direct case',
  ).body;
  await eventually(
    async () => {
      const r = await stack.reporting.get<{ items: Array<{ caseId: string }> }>(
        `/api/v1/cases?unit=${COMMUNE}`,
        {
          token: tokens.commune_worker,
        },
      );
      return r.status === 200 && r.body.items.length >= 2 ? r : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'both cases in reporting' },
  );
  real.intake = { id: contact.id, code: COMMUNE };
  real.casework = { id: direct.id, code: COMMUNE };
  real.reporting = { id: direct.id, caseId: direct.id, code: '0101', name: 'statistics' };

  // Every operation the OpenAPI documents declare is a route of the access matrix, and the other way
  // round but for what the bootstrap serves outside the API (health, metrics, the Swagger UI).
  const notInMatrix: string[] = [];
  const notInDocument: string[] = [];
  const documentPublic: string[] = [];
  for (const app of APPS) {
    const shapes = await openApiShapes(app);
    const ops = operationsOf(app, shapes);
    operations.push(...ops);
    const routes = new Set(ops.map(key));
    for (const [k, shape] of shapes) {
      if (!routes.has(k)) notInMatrix.push(`${app} ${k}`);
      if (shape.public) documentPublic.push(`${app} ${k}`);
    }
    for (const op of ops) if (!shapes.has(key(op))) notInDocument.push(`${app} ${key(op)}`);
  }
  expect(notInMatrix).toEqual([]);
  expect(notInDocument).toEqual(
    APPS.flatMap((app) =>
      ['/health', '/health/live', '/health/ready', '/metrics'].map((p) => `${app} GET ${p}`),
    ),
  );
  // The documents call public exactly the routes the matrix calls public (those the documents hold).
  expect(documentPublic.sort()).toEqual(
    operations
      .filter((o) => o.public && !notInDocument.includes(`${o.app} ${key(o)}`))
      .map((o) => `${o.app} ${key(o)}`)
      .sort(),
  );
  expect(operations).toHaveLength(ACCESS_MATRIX.filter((r) => !r.mountedBy).length);

  // ── Phase 1: only requests that must be refused. Nothing may be written. ──
  const before = await settledCounts();
  const refused = async (op: Operation, input: Input) => {
    const a = await send(op, input, 'refused');
    if (a.status < 400)
      failures.push(
        `[refused] ${op.app} ${key(op)} was accepted (${a.status}): ${JSON.stringify(input).slice(0, 300)}`,
      );
    return a;
  };
  await mapLimit(operations, CONCURRENCY, async (op) => {
    const realIds = Object.fromEntries(op.pathParams.map((n) => [n, real[op.app][n] ?? randomUuid()]));
    // A wrong method.
    const used = new Set(
      operations.filter((o) => o.app === op.app && o.path === op.path).map((o) => o.method),
    );
    for (const method of ['DELETE', 'PATCH', 'PUT', 'POST', 'GET'].filter((m) => !used.has(m)).slice(0, 3)) {
      await refused(op, { method, path: fill(op, realIds), token: tokens[op.roles[0] ?? 'admin'] });
    }
    // A public route (a public key) answers anyone: only its wrong methods are refused.
    if (op.public) return;
    // Roles the route does not allow.
    for (const role of ROLES.filter((r) => !op.roles.includes(r))) {
      await refused(op, {
        path: fill(op, realIds),
        token: tokens[role],
        body: op.hasBody ? '{}' : undefined,
      });
    }
    const allowed = op.roles[0] ?? 'admin';
    // No token, a forged one, an expired one.
    const expired = await mintToken(JWT_SECRET, { sub: 'x', roles: [allowed], units: ['VN'] }, -3600);
    for (const t of [undefined, 'garbage', expired, `${tokens[allowed].slice(0, -4)}AAAA`]) {
      await refused(op, { path: fill(op, realIds), token: t, body: op.hasBody ? '{}' : undefined });
    }
    if (!op.hasBody) return;
    // Valid-looking commands on real records with one hostile part each.
    const hostile: Array<Omit<Input, 'path' | 'token'>> = [
      {
        body: JSON.stringify(Object.fromEntries([...op.bodyFields.map((f) => [f, 'x']), ['isAdmin', true]])),
      },
      { body: '{"__proto__":{"isAdmin":true}}' },
      { body: `{"constructor":{"prototype":{"roles":["admin"]}}}` },
      { body: '{"a":1', headers: { 'If-Match': '"1"' } },
      { body: `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}` },
      { body: JSON.stringify({ notes: 'x'.repeat(300_000) }) },
      { body: 'name=x', contentType: 'application/x-www-form-urlencoded', headers: { 'If-Match': '"1"' } },
      { body: '<a/>', contentType: 'text/xml' },
      { body: JSON.stringify({ [op.bodyFields[0] ?? 'x']: { $gt: '' }, "'; DROP TABLE es_events; --": 1 }) },
    ];
    for (const h of hostile) {
      await refused(op, {
        ...h,
        path: fill(op, realIds),
        token: tokens[allowed],
        headers: { 'Idempotency-Key': 'fuzz-k', ...h.headers },
      });
    }
  });
  const after = await settledCounts();
  expect(writes(after)).toEqual(writes(before));
  // …but every refused read of a record was recorded as one.
  expect(after['intake.refused_reads']).toBeGreaterThan(before['intake.refused_reads']);
  expect(after['casework.refused_reads']).toBeGreaterThan(before['casework.refused_reads']);

  // ── Phase 2: free fuzzing of every operation (fast-check), any role allowed on it, some without. ──
  await mapLimit(operations, CONCURRENCY, async (op) => {
    try {
      await fc.assert(
        fc.asyncProperty(inputArb(op), async (input) => check(await send(op, input, 'fuzz')) === undefined),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true, seed: SEED + operations.indexOf(op) },
      );
    } catch (err) {
      // The failing input is already in `failures`; this adds fast-check's seed to replay it.
      failures.push(
        `[fuzz] FUZZ_SEED=${SEED} ${key(op)}: ${err instanceof Error ? err.message.split('\n').slice(0, 2).join(' ') : String(err)}`,
      );
    }
  });

  // Everything still answers.
  for (const app of APPS)
    expectStatus(await stack.services[app].get('/health'), 200, `${app} /health after fuzzing`);
  for (const app of APPS) expect(stack.services[app].running).toBe(true);

  const report = {
    seed: SEED,
    seconds: Math.round((Date.now() - started) / 1000),
    operations: operations.length,
    totalInputs: APPS.reduce((n, a) => n + tally[a].inputs, 0),
    phases,
    services: Object.fromEntries(
      APPS.map((a) => [
        a,
        {
          operations: operations.filter((o) => o.app === a).length,
          inputs: tally[a].inputs,
          statuses: tally[a].statuses,
          fewestInputsOnAnOperation: Math.min(...Object.values(tally[a].byOperation)),
          byOperation: tally[a].byOperation,
        },
      ]),
    ),
    roles: Object.fromEntries(operations.map((o) => [`${o.app} ${key(o)}`, o.public ? 'public' : o.roles])),
    health: { checks: healthChecks, failures: healthFailures },
    refusedPhase: { before, after },
    failures,
  };
  fs.mkdirSync(path.join(ROOT, '.local'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.local', 'fuzz-report.json'), `${JSON.stringify(report, null, 2)}\n`);

  expect(failures).toEqual([]);
  expect(phases.refused.inputs).toBeGreaterThan(operations.length * 5);
  expect(Object.keys(phases.refused.statuses).every((s) => Number(s) >= 400 && Number(s) < 500)).toBe(true);
  expect(healthFailures).toBe(0);
  expect(healthChecks).toBeGreaterThan(0);
  for (const app of APPS) {
    expect(Object.keys(tally[app].statuses).every((s) => Number(s) > 0 && Number(s) < 500)).toBe(true);
    // Every route was fuzzed, none with too few inputs (listed, so a failure names them).
    const fewInputs = operations
      .filter((o) => o.app === app && (tally[app].byOperation[key(o)] ?? 0) < MIN_INPUTS_PER_OPERATION)
      .map((o) => `${key(o)}: ${tally[app].byOperation[key(o)] ?? 0} inputs`);
    expect(fewInputs).toEqual([]);
  }
});
