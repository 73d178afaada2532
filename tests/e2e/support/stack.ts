// End-to-end harness: runs the three BUILT services (dist/apps/<app>/src/main.js) as child processes on
// free ports, each with its own fresh database, against a real Kafka broker and PostgreSQL.
//
//   const stack = await Stack.start({ name: 'referral' });
//   const res = await stack.intake.post('/api/v1/contacts', body, { token });
//   await stack.kill('casework'); await stack.restart('casework');
//   await stack.stop();                      // in afterAll: stops the services and drops the databases
//
// Every stack has its own topics (KAFKA_TOPIC_PREFIX `e2e.<stack id>.`) and consumer groups
// (CONSUMER_GROUP_PREFIX), deleted when it stops: stacks of this run, of earlier runs and the developer's
// stack on :3001-3003 never read each other's events, so a test may count what its stack published.
// Each service runs as its own Kafka principal; the harness grants it (as the broker's super user) exactly
// its ACLs of libs/contracts/src/kafka-principals.json on the stack's topics and groups, and revokes them
// when the stack stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { mintToken } from '@cp/auth';
import { KAFKA_PRINCIPALS, type Role } from '@cp/contracts';
import { createTestDatabase, testKafkaBrokers } from '@cp/testing';
import { deleteGroups, deleteTopics, grantAcls, revokeAcls, stackAcls, type AclGrant } from './kafka';
import { ROOT, freePort, settlesWithin, sleep, trackChild } from './proc';

export { ROOT, freePort, sleep } from './proc';

export const E2E_LOG_ROOT = path.join(ROOT, '.local', 'e2e-logs');
/** The development secret (config.ts default); passed explicitly so the services and tokens agree. */
export const JWT_SECRET = 'dev-only-secret-change-me';
export const APPS = ['intake', 'casework', 'reporting'] as const;
export type AppName = (typeof APPS)[number];

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

// ───────────────────────────── tokens ─────────────────────────────

export function token(roles: Role | Role[], units: string[], sub?: string): Promise<string> {
  const r = Array.isArray(roles) ? roles : [roles];
  return mintToken(JWT_SECRET, { sub: sub ?? `${r[0]}-${units.join('+')}`, roles: r, units });
}

// ───────────────────────────── HTTP ─────────────────────────────

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  /** The ETag as a number (`"3"` → 3), if there is one. */
  version: number | undefined;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  correlationId?: string;
  errors?: Array<{ field: string; messages: string[] }>;
  [key: string]: unknown;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** One keep-alive connection pool for every client in the process (tests and benchmarks). */
const KEEP_ALIVE = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A command sent with an Idempotency-Key the client added itself (HttpClient.idempotencyKeys). */
export interface KeyedCommand {
  path: string;
  body: unknown;
  token: string | undefined;
  headers: Record<string, string>;
  key: string;
  status: number;
  /** The version the answer named (its ETag). */
  version: number | undefined;
}

export class HttpClient {
  /**
   * When set, every POST without an Idempotency-Key gets a fresh one, and is remembered in `keyed` (the
   * privacy scans send keys with every command, so that what a key keeps is scanned too).
   */
  idempotencyKeys = false;
  readonly keyed: KeyedCommand[] = [];

  constructor(readonly baseUrl: string) {}

  get<T = unknown>(p: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('GET', p, undefined, opts);
  }

  post<T = unknown>(p: string, body: unknown, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('POST', p, body, opts);
  }

  async request<T>(
    method: string,
    p: string,
    body: unknown,
    opts: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const autoKey =
      this.idempotencyKeys &&
      method === 'POST' &&
      !Object.keys(headers).some((h) => /^idempotency-key$/i.test(h))
        ? randomUUID()
        : null;
    if (autoKey) headers['Idempotency-Key'] = autoKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    // node:http with keep-alive rather than fetch: far less client CPU, which matters on a 2-core
    // machine where the client shares the cores with the services it measures.
    const res = await this.send(method, p, headers, payload).catch((err: unknown) => {
      // A kept-alive socket the server closed as it was reused (its idle timer fired first on a busy
      // machine): the request never reached the server. Node's documented answer is to send it again.
      if ((err as { reusedSocket?: boolean }).reusedSocket) return this.send(method, p, headers, payload);
      throw err;
    });
    let parsed: unknown = res.text;
    if (res.text && /json/.test(res.headers.get('content-type') ?? '')) parsed = JSON.parse(res.text);
    const etag = /^(?:W\/)?"(\d+)"$/.exec(res.headers.get('etag') ?? '');
    if (autoKey)
      this.keyed.push({
        path: p,
        body,
        token: opts.token,
        headers: { ...opts.headers, 'Idempotency-Key': autoKey },
        key: autoKey,
        status: res.status,
        version: etag ? Number(etag[1]) : undefined,
      });
    return {
      status: res.status,
      headers: res.headers,
      body: parsed as T,
      version: etag ? Number(etag[1]) : undefined,
    };
  }

  private send(
    method: string,
    p: string,
    headers: Record<string, string>,
    payload: string | undefined,
  ): Promise<{ status: number; headers: Headers; text: string }> {
    return new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
      const req = http.request(
        `${this.baseUrl}${p}`,
        { method, headers, agent: KEEP_ALIVE, timeout: 30_000 },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (c: Buffer) => chunks.push(c));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(incoming.headers)) {
              if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
            }
            resolve({
              status: incoming.statusCode ?? 0,
              headers: h,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${p}: no answer within 30 s`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'ECONNRESET' && req.reusedSocket ? Object.assign(err, { reusedSocket: true }) : err,
        );
      });
      req.end(payload);
    });
  }
}

/** Throws with the response body when the status is not the expected one (better messages than expect). */
export function expectStatus<T>(res: HttpResponse<T>, status: number, what = 'request'): HttpResponse<T> {
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res;
}

// ───────────────────────────── one service process ─────────────────────────────

export class ServiceProcess extends HttpClient {
  private child: ChildProcess | null = null;
  private exit: Promise<void> = Promise.resolve();
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(
    readonly app: AppName,
    readonly port: number,
    /**
     * `url`: the owner (migrations; what tests that tamper use); `appUrl`: the role the service works as
     * (a stack's services always have one; a service started alone without it works as the owner).
     */
    readonly database: { name: string; url: string; appUrl?: string; drop: () => Promise<void> },
    readonly logFile: string,
    private env: Record<string, string>,
  ) {
    super(`http://127.0.0.1:${port}`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.exitInfo === null;
  }

  /** Changes the environment of the next start (`undefined` removes a variable). */
  setEnv(changes: Record<string, string | undefined>): void {
    const env = { ...this.env };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    this.env = env;
  }

  /** Resolves with how the running process ended, when it ends by itself (a crash, a fault point). */
  async exited(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!(await settlesWithin(this.exit, timeoutMs)) || !this.exitInfo) {
      throw new Error(`${this.app} did not exit within ${timeoutMs} ms. Last lines:\n${this.logTail(30)}`);
    }
    return this.exitInfo;
  }

  /** Starts the process (appending to its log file) and waits until /health answers 200. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.app} is already running (pid ${this.pid})`);
    const out = fs.openSync(this.logFile, 'a');
    fs.writeSync(
      out,
      `\n===== e2e harness: starting ${this.app} on :${this.port} at ${new Date().toISOString()}\n`,
    );
    const childEnv: Record<string, string> = { ...(process.env as Record<string, string>), ...this.env };
    delete childEnv.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the services
    // CP_SERVICE_NODE_ARGS: extra Node flags for the services (e.g. `--cpu-prof --cpu-prof-dir=…` to profile
    // a benchmark's services); never set by the tests.
    const nodeArgs = (process.env.CP_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const main = path.join(ROOT, 'dist', 'apps', this.app, 'src', 'main.js');
    const child = spawn(process.execPath, [...nodeArgs, main], {
      cwd: ROOT,
      env: childEnv,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.child = child;
    this.exitInfo = null;
    trackChild(child);
    this.exit = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
    });
    await this.waitHealthy();
  }

  async waitHealthy(timeoutMs = HEALTH_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (this.exitInfo) {
        throw new Error(
          `${this.app} exited during start-up (code ${this.exitInfo.code}, signal ${this.exitInfo.signal}). ` +
            `Last lines of ${this.logFile}:\n${this.logTail(30)}`,
        );
      }
      try {
        const res = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
        if (res.status === 200) return;
        last = `HTTP ${res.status} ${await res.text()}`;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      await sleep(200);
    }
    throw new Error(
      `${this.app} did not become healthy on :${this.port} within ${timeoutMs} ms (last: ${last}). ` +
        `Last lines of ${this.logFile}:\n${this.logTail(30)}`,
    );
  }

  /** SIGTERM and wait for the exit (SIGKILL if it does not stop in time). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const stopped = await settlesWithin(this.exit, STOP_TIMEOUT_MS);
    if (!stopped) await this.kill();
  }

  /** SIGKILL: no shutdown hooks, no consumer leave, no offset commit — a crash. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exit;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  logText(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** The JSON log lines (pino) of every incarnation of this service so far. */
  logLines(): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (const line of this.logText().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        /* a partial last line */
      }
    }
    return out;
  }

  logTail(lines: number): string {
    return this.logText().trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Every row of every table of this service's database as JSON text, by table (for privacy scans). */
  async dumpTables(): Promise<Record<string, string[]>> {
    const tables = await this.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
       ORDER BY 1`,
    );
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await this.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${name} t`);
      out[name] = rows.map((r) => r.j);
    }
    return out;
  }

  /**
   * The bytes of every page of every relation of this database (tables, their TOAST tables, indexes, the
   * catalog's statistics too) as stored, after a VACUUM: live rows, dead rows and the free space between
   * them, read with pageinspect as the superuser the harness's owner URL is. What a row once held and no
   * query returns any more stays in these bytes until the page is rewritten: scanning them finds anything
   * that was ever written in clear (a value PostgreSQL compressed would escape it; the scanned values are
   * short). By relation, as UTF-8 text.
   */
  async rawPages(): Promise<Record<string, string>> {
    const c = new Client({ connectionString: this.database.url });
    await c.connect();
    try {
      await c.query(`CREATE EXTENSION IF NOT EXISTS pageinspect`);
      await c.query(`VACUUM`);
      const res = await c.query<{ name: string; page: Buffer }>(
        `SELECT c.oid::regclass::text AS name, get_raw_page(c.oid::regclass::text, g::int) AS page
         FROM pg_class c
         CROSS JOIN LATERAL generate_series(0, pg_relation_size(c.oid) / current_setting('block_size')::int - 1) g
         WHERE c.relkind IN ('r', 't', 'i', 'm') AND c.relpersistence = 'p'
         ORDER BY 1, g`,
      );
      const pages = new Map<string, Buffer[]>();
      for (const r of res.rows) pages.set(r.name, [...(pages.get(r.name) ?? []), r.page]);
      return Object.fromEntries(
        [...pages].map(([name, bufs]) => [name, Buffer.concat(bufs).toString('utf8')]),
      );
    } finally {
      await c.end();
    }
  }

  /** Runs SQL against this service's own database as the owner of its tables (tests only look, never write). */
  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    const c = new Client({ connectionString: this.database.url });
    await c.connect();
    try {
      const res = await c.query(sql, params);
      return res.rows as R[];
    } finally {
      await c.end();
    }
  }
}

// ───────────────────────────── the stack ─────────────────────────────

/** The consumers the services register (`messaging.consume(name, topics)` in each app). */
function consumerGroupsOf(prefix: string): string[] {
  return [
    `${prefix}.intake.case-feedback`,
    `${prefix}.casework.referrals`,
    `${prefix}.reporting.projections`,
    `${prefix}.reporting.audit-access`,
    `${prefix}.reporting.integrity`,
  ];
}

export interface StackOptions {
  /** Short label; the stack id is `<name>-<random>`. */
  name: string;
  /** Defaults to the test brokers (KAFKA_BROKERS or 127.0.0.1:9092). */
  kafkaBrokers?: string[];
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Extra environment for one service (after `env`). */
  serviceEnv?: Partial<Record<AppName, Record<string, string>>>;
}

export class Stack {
  private constructor(
    readonly id: string,
    readonly consumerGroupPrefix: string,
    readonly topicPrefix: string,
    readonly kafkaBrokers: string[],
    readonly logDir: string,
    readonly services: Record<AppName, ServiceProcess>,
    /** The ACLs granted to this stack's services (revoked by `stop`). */
    readonly acls: AclGrant[],
  ) {}

  get intake(): ServiceProcess {
    return this.services.intake;
  }
  get casework(): ServiceProcess {
    return this.services.casework;
  }
  get reporting(): ServiceProcess {
    return this.services.reporting;
  }

  /**
   * Creates a fresh database per service, starts the three services in parallel and waits for /health.
   * On a start-up failure everything already created is torn down before the error is rethrown.
   */
  static async start(opts: StackOptions): Promise<Stack> {
    const suffix = randomUUID().slice(0, 8);
    const id = `${opts.name}-${suffix}`;
    const consumerGroupPrefix = `e2e.${id}`;
    const topicPrefix = `e2e.${id}.`;
    const kafkaBrokers = opts.kafkaBrokers ?? testKafkaBrokers();
    const logDir = path.join(E2E_LOG_ROOT, id);
    fs.mkdirSync(logDir, { recursive: true });
    const created: ServiceProcess[] = [];
    const acls = stackAcls({ topicPrefix, groupPrefix: consumerGroupPrefix });
    try {
      await grantAcls(kafkaBrokers, acls);
      const ports = {} as Record<AppName, number>;
      for (const app of APPS) {
        do ports[app] = await freePort();
        while (APPS.some((other) => other !== app && ports[other] === ports[app]));
      }
      for (const app of APPS) {
        const db = await createTestDatabase(`e2e_${app}`);
        const port = ports[app];
        const env: Record<string, string> = {
          PORT: String(port),
          // reporting asks this stack's casework to verify a case's chain
          ...(app === 'reporting' ? { CASEWORK_URL: `http://127.0.0.1:${ports.casework}` } : {}),
          // The service works as the restricted application role; the owner only migrates at boot.
          DATABASE_URL: db.appUrl,
          MIGRATION_DATABASE_URL: db.url,
          KAFKA_BROKERS: kafkaBrokers.join(','),
          // Its own principal, whatever the tests' clients use (they may be given the super user).
          KAFKA_SASL_USERNAME: app,
          KAFKA_SASL_PASSWORD: KAFKA_PRINCIPALS.services[app].developmentPassword,
          JWT_SECRET,
          // Development mode: the shared-secret tokens and the published development keys.
          CP_DEVELOPMENT: '1',
          CONSUMER_GROUP_PREFIX: consumerGroupPrefix,
          KAFKA_TOPIC_PREFIX: topicPrefix,
          OUTBOX_POLL_MS: '200',
          LOG_LEVEL: 'info',
          // Tests drive one user hard (polling, many referrals); the limit itself is a unit test.
          RATE_LIMIT_PER_MINUTE: '20000',
          ...opts.env,
          ...opts.serviceEnv?.[app],
        };
        created.push(new ServiceProcess(app, port, db, path.join(logDir, `${app}.log`), env));
      }
      await Promise.all(created.map((s) => s.start()));
    } catch (err) {
      await Promise.allSettled(created.map((s) => s.kill()));
      await Promise.allSettled(created.map((s) => s.database.drop()));
      await revokeAcls(kafkaBrokers, acls).catch(() => undefined);
      throw err;
    }
    const services = Object.fromEntries(created.map((s) => [s.app, s])) as Record<AppName, ServiceProcess>;
    return new Stack(id, consumerGroupPrefix, topicPrefix, kafkaBrokers, logDir, services, acls);
  }

  /** The name of a topic of record on this stack (its services put the stack's prefix before it). */
  topic(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  /** The consumer group ids this stack's services use (`<prefix>.<service>.<consumer>`). */
  consumerGroups(): string[] {
    return consumerGroupsOf(this.consumerGroupPrefix);
  }

  stopService(app: AppName): Promise<void> {
    return this.services[app].stop();
  }

  kill(app: AppName): Promise<void> {
    return this.services[app].kill();
  }

  restart(app: AppName): Promise<void> {
    return this.services[app].restart();
  }

  /** Every log line of every service, for scans. */
  allLogs(): Record<AppName, string> {
    return {
      intake: this.intake.logText(),
      casework: this.casework.logText(),
      reporting: this.reporting.logText(),
    };
  }

  /**
   * Stops the services (SIGTERM, then SIGKILL), drops their databases and deletes their consumer groups,
   * topics and ACLs (best effort: the broker may be gone). Safe to call twice.
   */
  async stop(): Promise<void> {
    const all = Object.values(this.services);
    await Promise.allSettled(all.map((s) => s.stop()));
    await deleteGroups(this.kafkaBrokers, this.consumerGroups()).catch(() => undefined);
    await deleteTopics(this.kafkaBrokers, this.topicPrefix).catch(() => undefined);
    await revokeAcls(this.kafkaBrokers, this.acls).catch(() => undefined);
    const dropped = await Promise.allSettled(all.map((s) => s.database.drop()));
    const failed = dropped.filter((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failed.length) {
      const reasons = failed.map((f) => String(f.reason)).join('; ');
      throw new Error(`could not drop ${failed.length} database(s) of stack ${this.id}: ${reasons}`);
    }
  }
}
