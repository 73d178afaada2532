#!/usr/bin/env node
// Local infrastructure for the child-protection services: PostgreSQL + a real Apache Kafka 4.x broker (KRaft).
//
//   node scripts/infra.mjs up           make PostgreSQL and Kafka reachable (idempotent)
//   node scripts/infra.mjs down         stop what `up` started (local broker / docker compose); system PostgreSQL stays up
//   node scripts/infra.mjs status       one line per component: who provides it and whether it answers (exit 1 if not)
//   node scripts/infra.mjs reset-kafka  stop the local broker and delete its data (.local/kafka/data)
//   node scripts/infra.mjs kafka-acls   grant the services their ACLs on KAFKA_BROKERS (or the local broker)
//   node scripts/infra.mjs idp-up       start Keycloak (realm child-protection) on 127.0.0.1:8180/auth; idp-down stops it
//   node scripts/infra.mjs up --with-idp   up, and idp-up
//
// Where each component comes from, in order of preference:
//   PostgreSQL: $DATABASE_URL (if its host:port accepts TCP) → Docker Compose (if `docker info` works)
//               → the machine's PostgreSQL cluster (started with pg_ctlcluster if 127.0.0.1:5432 is closed).
//               Then the databases cp_intake, cp_casework and cp_reporting are created if missing (psql), and
//               the role cp_app the services work as (password cp_app: development only; the migrations run
//               as the superuser, which owns the tables — docs/audit-integrity.md, "Database roles").
//   Kafka:      $KAFKA_BROKERS (if its first host:port accepts TCP) → Docker Compose
//               → a local single-node KRaft broker on 127.0.0.1:9092: the official jars are fetched once from
//                 Maven Central with Maven (tools/kafka/pom.xml) into ${CP_CACHE_DIR:-~/.cache/child-protection},
//                 the log directory lives in .local/kafka/ (git-ignored), the broker runs detached with Java 17+.
//               The local and Docker brokers authenticate every client (SASL_PLAINTEXT, SCRAM-SHA-512) and
//               authorize by ACL only (StandardAuthorizer, allow.everyone.if.no.acl.found=false, super user
//               `admin`): the storage is formatted with the SCRAM users of libs/contracts/src/kafka-principals.json
//               (their published development passwords) and `up` grants each service exactly its ACLs. A local
//               broker started with an older configuration is restarted, and a storage formatted without
//               those users is formatted again (docs/kafka-security.md).
//
// Keycloak (only when asked: `idp-up`, `up --with-idp`): Docker Compose's `keycloak` service, else the official
// distribution (org.keycloak:keycloak-quarkus-dist, tools/keycloak/pom.xml) fetched once with Maven into the
// cache, built once there (`kc.sh build`), and run detached with the machine's Java on 127.0.0.1:8180/auth
// with a home of its own in .local/keycloak/ (database, log, pid). It imports the realm file
// tools/keycloak/realm/child-protection-realm.json; when the file changes, the development database is
// deleted and the realm imported afresh (docs/identity.md).
//
// Knobs: CP_CACHE_DIR (jar cache), CP_INFRA_NO_DOCKER=1 (never use Docker), JAVA_HOME, KAFKA_HEAP_OPTS
// (default "-Xms256m -Xmx1g"), CP_INFRA_KAFKA_TIMEOUT_S (readiness wait, default 90), KEYCLOAK_HEAP_OPTS
// (default "-Xms64m -Xmx512m"), KEYCLOAK_JIT_OPTS (default "-XX:TieredStopAtLevel=1"),
// CP_INFRA_KEYCLOAK_TIMEOUT_S (default 180).
//
// Node built-ins, and kafkajs' admin client to ask the broker (loaded only then: ensure-node.sh, which
// `npm start` and `npm test` source first, installs node_modules). Under Node 20 as well as 24.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL_DIR = path.join(ROOT, '.local');
const STATE_FILE = path.join(LOCAL_DIR, 'infra-state.json');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

const KAFKA_POM = path.join(ROOT, 'tools', 'kafka', 'pom.xml');
const KAFKA_LOG4J = path.join(ROOT, 'tools', 'kafka', 'log4j2.xml');
const KAFKA_DIR = path.join(LOCAL_DIR, 'kafka');
const KAFKA_DATA = path.join(KAFKA_DIR, 'data');
const KAFKA_LOGS = path.join(KAFKA_DIR, 'logs');
const KAFKA_PROPS = path.join(KAFKA_DIR, 'server.properties');
const KAFKA_PID = path.join(KAFKA_DIR, 'kafka.pid');
const KAFKA_OUT = path.join(KAFKA_DIR, 'kafka.out');
const KAFKA_LOCK = path.join(KAFKA_DIR, '.lock');
/** Written when the storage is formatted with the SCRAM users: without it the storage predates them. */
const KAFKA_SECURITY_MARKER = path.join(KAFKA_DATA, 'cp-scram-users.json');
const PRINCIPALS_FILE = path.join(ROOT, 'libs', 'contracts', 'src', 'kafka-principals.json');

const DATABASES = ['cp_intake', 'cp_casework', 'cp_reporting'];
/** The restricted role the services connect as (DATABASE_URL); its password is published, development only. */
const APP_ROLE = { user: 'cp_app', password: 'cp_app' };
const LOCAL_PG = { host: '127.0.0.1', port: 5432, user: 'postgres', password: undefined };
const DOCKER_PG = { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres' };
const LOCAL_KAFKA = { host: '127.0.0.1', port: 9092, controllerPort: 9093 };
const KAFKA_READY_TIMEOUT_MS = Number(process.env.CP_INFRA_KAFKA_TIMEOUT_S || 90) * 1000;

const KC_POM = path.join(ROOT, 'tools', 'keycloak', 'pom.xml');
/** The realm the development server imports (and the Docker Compose one): roles, clients, dev users. */
const KC_REALM_FILE = path.join(ROOT, 'tools', 'keycloak', 'realm', 'child-protection-realm.json');
const KC_REALM = 'child-protection';
const KC_DIR = path.join(LOCAL_DIR, 'keycloak');
const KC_HOME = path.join(KC_DIR, 'home');
const KC_PID = path.join(KC_DIR, 'keycloak.pid');
const KC_OUT = path.join(KC_DIR, 'keycloak.log');
const KC_LOCK = path.join(KC_DIR, '.lock');
/** The digest of the realm file the development database was created from. */
const KC_REALM_MARKER = path.join(KC_HOME, 'data', 'cp-realm.sha256');
const LOCAL_KC = { host: '127.0.0.1', port: 8180, managementPort: 9180, path: '/auth' };
/** The one origin browsers use (the console's proxy forwards /auth/ to Keycloak): the tokens' issuer. */
const KC_PUBLIC_URL = 'http://localhost:4200';
const KC_ISSUER = `${KC_PUBLIC_URL}${LOCAL_KC.path}/realms/${KC_REALM}`;
const KC_LOCAL_REALM_URL = `http://${LOCAL_KC.host}:${LOCAL_KC.port}${LOCAL_KC.path}/realms/${KC_REALM}`;
const KC_DISCOVERY_URL = `${KC_LOCAL_REALM_URL}/.well-known/openid-configuration`;
const KC_JWKS_URL = `${KC_LOCAL_REALM_URL}/protocol/openid-connect/certs`;
const KC_AUDIENCE = 'cp-api';
/** Published: the development server's master-realm administrator (never a deployment's). */
const KC_DEV_ADMIN_PASSWORD = 'dev-only-keycloak-admin';
const KC_READY_TIMEOUT_MS = Number(process.env.CP_INFRA_KEYCLOAK_TIMEOUT_S || 180) * 1000;
const KAFKA_STOP_TIMEOUT_MS = 30_000;

// ───────────────────────────── small helpers ─────────────────────────────

class InfraError extends Error {}
const fail = (msg) => {
  throw new InfraError(msg);
};
const log = (msg) => process.stdout.write(`[infra] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rel = (p) => path.relative(ROOT, p) || '.';
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** True if host:port accepts a TCP connection within timeoutMs. */
function tcpCheck(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const sock = net.createConnection({ host, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Polls fn() until it returns a truthy value or timeoutMs passes; returns the value or undefined. */
async function waitFor(fn, { timeoutMs, intervalMs = 500, onWait } = {}) {
  const start = Date.now();
  let lastNote = start;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start >= timeoutMs) return undefined;
    if (onWait && Date.now() - lastNote >= 10_000) {
      lastNote = Date.now();
      onWait(Date.now() - start);
    }
    await sleep(intervalMs);
  }
}

/** spawnSync that never throws; `missing` is true when the executable does not exist. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    missing: r.error?.code === 'ENOENT',
    error: r.error,
  };
}

const hasCommand = (cmd) => !run('sh', ['-c', `command -v ${cmd}`]).status;

/** "host:port", "[::1]:9092", "PLAINTEXT://host:port" → { host, port }. */
function parseHostPort(s, defaultPort) {
  const v = s.trim().replace(/^[a-z_]+:\/\//i, '');
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(v) ?? /^([^:]+)(?::(\d+))?$/.exec(v);
  if (!m) return undefined;
  return { host: m[1], port: m[2] ? Number(m[2]) : defaultPort };
}

function parsePgUrl(s) {
  try {
    const u = new URL(s);
    if (!u.hostname) return undefined;
    return {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : 5432,
      user: decodeURIComponent(u.username) || 'postgres',
      password: u.password ? decodeURIComponent(u.password) : undefined,
    };
  } catch {
    return undefined;
  }
}

function pidAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function procCmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

/** Is pid our local broker (a java process running kafka.Kafka with our server.properties)? */
function isOurBroker(pid) {
  if (!pidAlive(pid)) return false;
  const cmd = procCmdline(pid);
  if (!cmd) return process.platform !== 'linux'; // no /proc: trust the pid file
  return cmd.includes('kafka.Kafka') && cmd.includes(KAFKA_PROPS);
}

/** Our broker's pid: from the pid file, else (pid file lost) by scanning /proc. */
function localBrokerPid() {
  const fromFile = Number(readFileOr(KAFKA_PID, '').trim());
  if (fromFile && isOurBroker(fromFile)) return fromFile;
  if (fs.existsSync('/proc')) {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const cmd = procCmdline(Number(d));
      if (cmd?.includes('kafka.Kafka') && cmd.includes(KAFKA_PROPS)) return Number(d);
    }
  }
  return undefined;
}

function readFileOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function tail(file, lines = 25) {
  const text = readFileOr(file, '');
  return text
    .split('\n')
    .slice(-lines - 1)
    .join('\n')
    .trimEnd();
}

function readState() {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
  } catch {
    return {};
  }
}

function writeState(patch) {
  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  fs.writeFileSync(STATE_FILE, JSON.stringify({ ...readState(), ...patch }, null, 2) + '\n');
}

// ───────────────────────────── Kafka: principals, ACLs, readiness ─────────────────────────────

/**
 * Who may do what on Kafka (libs/contracts/src/kafka-principals.json, shared with the services and the
 * tests): the super user, and per service its topics (LITERAL ACLs) and group operations (one PREFIXED ACL
 * on `cp.<service>.`). The development passwords in it are published; the local and Docker brokers use them.
 */
let principalsCache;
function principals() {
  if (!principalsCache) {
    try {
      principalsCache = JSON.parse(fs.readFileSync(PRINCIPALS_FILE, 'utf8'));
    } catch (e) {
      fail(`cannot read the Kafka principals from ${rel(PRINCIPALS_FILE)}: ${e.message}`);
    }
  }
  return principalsCache;
}

/** The super user of a development broker (local or Docker), with its published development password. */
function developmentAdmin() {
  const { username, developmentPassword } = principals().admin;
  return { username, password: developmentPassword, mechanism: 'SCRAM-SHA-512' };
}

/**
 * The credentials this script administers a broker with: the development super user for the brokers it
 * runs; for KAFKA_BROKERS the variables the services and tests read (KAFKA_SASL_USERNAME/PASSWORD/MECHANISM),
 * which must then name a principal allowed to manage ACLs.
 */
function adminCredentials(provider) {
  if (provider !== 'env' || !process.env.KAFKA_SASL_USERNAME) return developmentAdmin();
  return {
    username: process.env.KAFKA_SASL_USERNAME,
    password: process.env.KAFKA_SASL_PASSWORD ?? '',
    mechanism: (process.env.KAFKA_SASL_MECHANISM || 'SCRAM-SHA-512').toUpperCase(),
  };
}

/** The ACL bindings kafka-principals.json asks for, with the default consumer group prefix `cp`. */
function wantedAcls() {
  const out = [];
  for (const [service, p] of Object.entries(principals().services)) {
    const principal = `User:${service}`;
    for (const [topic, ops] of Object.entries(p.topics)) {
      for (const operation of ops) {
        out.push({
          resourceType: 'TOPIC',
          resourceName: topic,
          patternType: 'LITERAL',
          principal,
          operation,
        });
      }
    }
    for (const operation of p.groups) {
      out.push({
        resourceType: 'GROUP',
        resourceName: `cp.${service}.`,
        patternType: 'PREFIXED',
        principal,
        operation,
      });
    }
  }
  return out;
}

const aclKey = (b) =>
  [
    b.resourceType,
    b.resourceName,
    b.patternType,
    b.principal,
    b.host ?? '*',
    b.operation,
    b.permission ?? 'ALLOW',
  ].join('|');

/**
 * Makes the broker's ACLs for the services' topics of record (`cp.*`) and groups exactly those of
 * kafka-principals.json: grants what is missing and revokes what the file no longer grants. ACLs on other
 * names (an e2e stack's `e2e.<id>.…`, a benchmark's `bench.…`) belong to whoever created them.
 */
async function syncAcls(admin, where) {
  const services = new Set(Object.keys(principals().services).map((s) => `User:${s}`));
  const wanted = wantedAcls();
  const wantedKeys = new Set(wanted.map(aclKey));
  const existing = await describeAcls(admin);
  const have = new Set(existing.map(aclKey));
  const missing = wanted.filter((b) => !have.has(aclKey(b)));
  const stale = existing.filter(
    (b) => services.has(b.principal) && b.resourceName.startsWith('cp.') && !wantedKeys.has(aclKey(b)),
  );
  await createAcls(admin, missing);
  await deleteAcls(admin, stale);
  log(
    `Kafka: ${where}: the services' ${wanted.length} ACLs of ${rel(PRINCIPALS_FILE)} are in force` +
      `${missing.length ? ` (${missing.length} granted now)` : ''}${stale.length ? `, ${stale.length} stale revoked` : ''}`,
  );
}

// ───────────────────────────── the broker, through kafkajs' admin client ─────────────────────────────
// SCRAM users are created when the storage is formatted (kafka.tools.StorageTool --add-scram), so the admin
// client needs only what kafkajs has: cluster metadata and the ACLs (describe, create, delete).

let kafkajsModule;
/**
 * kafkajs 2.2.4 re-arms each connection's queue check with a negative delay when nothing is pending, which
 * Node 24 reports as a TimeoutNegativeWarning: the same one-method fix as the services' (the reasoning is in
 * libs/messaging/src/kafkajs-request-queue.ts; this script runs before anything is built, so it carries its own).
 */
async function fixRequestQueue() {
  const { createRequire } = await import('node:module');
  const proto = createRequire(import.meta.url)('kafkajs/src/network/requestQueue').prototype;
  proto.scheduleCheckPendingRequests = function () {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const throttledFor = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledFor > 0 ? throttledFor : 10,
    );
  };
}
/** kafkajs, loaded when the broker is first asked something. */
async function kafkajs() {
  if (!kafkajsModule) {
    try {
      kafkajsModule = (await import('kafkajs')).default;
      await fixRequestQueue();
    } catch {
      fail('kafkajs is not installed: run `npm ci` first (scripts/ensure-node.sh does it).');
    }
  }
  return kafkajsModule;
}

/**
 * A connected kafkajs admin client of host:port, authenticated as `creds` ({ username, password, mechanism })
 * or, with `creds` null, not at all. No retries and no log of kafkajs' own: the callers decide and say.
 */
async function kafkaAdmin(host, port, creds, timeoutMs = 10_000) {
  const { Kafka, logLevel } = await kafkajs();
  const admin = new Kafka({
    clientId: 'cp-infra',
    brokers: [`${host}:${port}`],
    ...(creds
      ? {
          sasl: {
            mechanism: (creds.mechanism ?? 'SCRAM-SHA-512').toLowerCase(),
            username: creds.username,
            password: creds.password,
          },
        }
      : {}),
    connectionTimeout: timeoutMs,
    requestTimeout: 30_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin({ retry: { retries: 0 } });
  await admin.connect();
  return admin;
}

/** The broker refused the credentials (or has no SCRAM on the listener). */
const isAuthError = (e) => e?.name === 'KafkaJSSASLAuthenticationError';

/**
 * Authenticates as `creds` and asks for the cluster's metadata. A KRaft broker only lists itself once
 * registered with the controller and unfenced, so a non-empty broker list means "ready for clients". Never
 * throws: the outcome says what happened ({ md: { brokers, clusterId } } | { authError } | { error }).
 */
async function kafkaProbe(host, port, creds) {
  let admin;
  try {
    admin = await kafkaAdmin(host, port, creds, 3000);
    return { md: await admin.describeCluster() };
  } catch (e) {
    return isAuthError(e) ? { authError: e } : { error: e };
  } finally {
    await admin?.disconnect().catch(() => {});
  }
}

/** Ready for clients: the broker authenticated `creds` and lists at least one live broker. */
async function kafkaReady(host, port, creds) {
  const probe = await kafkaProbe(host, port, creds);
  return probe.md?.brokers.length ? probe.md : undefined;
}

/** Runs fn with an authenticated admin client. */
async function withKafkaAdmin(host, port, creds, fn) {
  const admin = await kafkaAdmin(host, port, creds);
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** True when host:port serves Kafka clients without authentication (a broker this script started before SASL). */
async function servesWithoutAuthentication(host, port) {
  let admin;
  try {
    admin = await kafkaAdmin(host, port, null, 3000);
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin?.disconnect().catch(() => {});
  }
}

/** A kafkajs enumeration's name of `value` (AclResourceTypes, AclOperationTypes, …). */
const nameIn = (table, value) => Object.keys(table).find((k) => table[k] === value) ?? String(value);

/** Every ACL the broker holds: [{ resourceType, resourceName, patternType, principal, host, operation, permission }]. */
async function describeAcls(admin) {
  const k = await kafkajs();
  const { resources } = await admin.describeAcls({
    resourceType: k.AclResourceTypes.ANY,
    resourcePatternType: k.ResourcePatternTypes.ANY,
    operation: k.AclOperationTypes.ANY,
    permissionType: k.AclPermissionTypes.ANY,
  });
  return resources.flatMap((r) =>
    r.acls.map((a) => ({
      resourceType: nameIn(k.AclResourceTypes, r.resourceType),
      resourceName: r.resourceName,
      patternType: nameIn(k.ResourcePatternTypes, r.resourcePatternType),
      principal: a.principal,
      host: a.host,
      operation: nameIn(k.AclOperationTypes, a.operation),
      permission: nameIn(k.AclPermissionTypes, a.permissionType),
    })),
  );
}

/** A binding of this script ({ resourceType, resourceName, patternType, principal, operation }) as kafkajs'. */
async function kafkajsAcl(b) {
  const k = await kafkajs();
  return {
    resourceType: k.AclResourceTypes[b.resourceType],
    resourceName: b.resourceName,
    resourcePatternType: k.ResourcePatternTypes[b.patternType],
    principal: b.principal,
    host: b.host ?? '*',
    operation: k.AclOperationTypes[b.operation],
    permissionType: k.AclPermissionTypes[b.permission ?? 'ALLOW'],
  };
}

/** Creates ALLOW bindings. */
async function createAcls(admin, bindings) {
  if (bindings.length === 0) return;
  await admin.createAcls({ acl: await Promise.all(bindings.map(kafkajsAcl)) });
}

/** Deletes exactly these bindings (each used as a filter that matches only itself). */
async function deleteAcls(admin, bindings) {
  if (bindings.length === 0) return;
  await admin.deleteAcls({ filters: await Promise.all(bindings.map(kafkajsAcl)) });
}

// ───────────────────────────── Docker ─────────────────────────────

let dockerAnswer;
function dockerAvailable() {
  if (dockerAnswer === undefined) {
    dockerAnswer =
      !process.env.CP_INFRA_NO_DOCKER &&
      run('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
  }
  return dockerAnswer;
}

let composeV2;
function compose(args, opts = {}) {
  composeV2 ??= run('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;
  const [cmd, pre] = composeV2 ? ['docker', ['compose']] : ['docker-compose', []];
  const r = run(cmd, [...pre, '-f', COMPOSE_FILE, ...args], { cwd: ROOT, ...opts });
  if (r.missing) fail('Docker answers but neither `docker compose` nor `docker-compose` is installed.');
  return r;
}

async function dockerUp(services) {
  log(`starting ${services.join(' + ')} with Docker Compose (docker compose up -d ${services.join(' ')})`);
  const r = compose(['up', '-d', ...services], { stdio: 'inherit' });
  if (r.status !== 0) fail(`docker compose up -d ${services.join(' ')} failed (exit ${r.status}).`);
  writeState(Object.fromEntries(services.map((s) => [s, { provider: 'docker' }])));
}

// ───────────────────────────── PostgreSQL ─────────────────────────────

/** Runs a query as a superuser-ish role; returns trimmed stdout. */
function psql(target, sql) {
  let r;
  if (target.provider === 'docker') {
    r = compose([
      'exec',
      '-T',
      'postgres',
      'psql',
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-tAc',
      sql,
    ]);
  } else {
    const env = { ...process.env, PGCONNECT_TIMEOUT: '10' };
    if (target.password !== undefined) env.PGPASSWORD = target.password;
    r = run(
      'psql',
      [
        '-h',
        target.host,
        '-p',
        String(target.port),
        '-U',
        target.user,
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-tAc',
        sql,
      ],
      { env },
    );
    if (r.missing) {
      fail(
        'the PostgreSQL client `psql` is not installed, so the databases ' +
          `${DATABASES.join(', ')} cannot be checked/created. Install it (Debian/Ubuntu: apt-get install postgresql-client; ` +
          'macOS: brew install libpq) or create the databases yourself.',
      );
    }
  }
  if (r.status !== 0) {
    fail(`psql on ${target.host}:${target.port} as ${target.user} failed: ${(r.stderr || r.stdout).trim()}`);
  }
  return r.stdout.trim();
}

function ensureDatabases(target) {
  const list = DATABASES.map((d) => `'${d}'`).join(',');
  const existing = new Set(
    psql(target, `SELECT datname FROM pg_database WHERE datname IN (${list})`).split('\n').filter(Boolean),
  );
  const missing = DATABASES.filter((d) => !existing.has(d));
  for (const db of missing) {
    try {
      psql(target, `CREATE DATABASE ${db}`);
    } catch (e) {
      if (!/already exists/.test(e.message)) throw e; // a concurrent `up` created it first
    }
  }
  log(
    missing.length
      ? `PostgreSQL: created database(s) ${missing.join(', ')}${existing.size ? `; ${[...existing].join(', ')} already existed` : ''}`
      : `PostgreSQL: databases ${DATABASES.join(', ')} exist`,
  );
  ensureApplicationRole(target);
}

/**
 * The role the services work as: it may not update or delete the event store (the services grant it what
 * it may do when they migrate, as the owner). Created once; never a superuser.
 */
function ensureApplicationRole(target) {
  const { user, password } = APP_ROLE;
  if (psql(target, `SELECT 1 FROM pg_roles WHERE rolname = '${user}'`) === '1') {
    log(`PostgreSQL: application role ${user} exists`);
    return;
  }
  try {
    psql(target, `CREATE ROLE ${user} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    log(
      `PostgreSQL: created the application role ${user} (the services' DATABASE_URL; migrations run as postgres)`,
    );
  } catch (e) {
    if (!/already exists/.test(e.message)) throw e; // a concurrent `up` created it first
  }
}

function localClusterVersions() {
  try {
    return fs
      .readdirSync('/etc/postgresql')
      .filter((v) => fs.existsSync(path.join('/etc/postgresql', v, 'main')))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

async function startLocalPostgres() {
  const { host, port } = LOCAL_PG;
  if (await tcpCheck(host, port)) {
    log(`PostgreSQL: ${host}:${port} already accepts connections (local server)`);
    return;
  }
  const [version] = localClusterVersions();
  if (!version || !hasCommand('pg_ctlcluster')) {
    fail(
      `PostgreSQL is not reachable on ${host}:${port} and there is no local cluster to start ` +
        '(no /etc/postgresql/<version>/main or no pg_ctlcluster). Set DATABASE_URL to an existing server, ' +
        'start Docker, or install PostgreSQL 15+ (Debian/Ubuntu: apt-get install postgresql).',
    );
  }
  log(`PostgreSQL: ${host}:${port} is closed → starting local cluster ${version}/main (pg_ctlcluster)`);
  const r = run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
  if (r.status !== 0) {
    fail(`pg_ctlcluster ${version} main start failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`);
  }
  const ok = await waitFor(() => tcpCheck(host, port), { timeoutMs: 30_000 });
  if (!ok)
    fail(
      `PostgreSQL cluster ${version}/main started but ${host}:${port} does not accept connections after 30 s.`,
    );
  log(`PostgreSQL: local cluster ${version}/main is up`);
}

async function waitDockerPostgres() {
  const ok = await waitFor(
    () =>
      compose(['exec', '-T', 'postgres', 'pg_isready', '-h', '127.0.0.1', '-U', 'postgres'], {
        stdio: 'ignore',
      }).status === 0,
    {
      timeoutMs: 90_000,
      intervalMs: 1000,
      onWait: (ms) => log(`PostgreSQL (docker): still waiting (${secs(ms)})`),
    },
  );
  if (!ok) fail('the postgres container did not become ready within 90 s (docker compose logs postgres).');
}

// ───────────────────────────── Kafka (local broker) ─────────────────────────────

function javaBin() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function checkJava(
  what = 'the local Kafka broker',
  alternative = 'or set KAFKA_BROKERS to an existing broker (e.g. KAFKA_BROKERS=host:9092), or use Docker.',
) {
  const java = javaBin();
  const r = run(java, ['-version']);
  const how =
    'Install a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), ' + alternative;
  if (r.missing || r.status !== 0)
    fail(`Java not found (\`${java} -version\` failed); ${what} needs it. ${how}`);
  const m = /version "(\d+)(?:\.(\d+))?/.exec(r.stderr + r.stdout);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (!(major >= 17))
    fail(
      `${what} needs Java 17 or newer, but \`${java} -version\` reports ${m ? m[0] : 'an unknown version'}. ${how}`,
    );
  return { java, major };
}

function kafkaVersion() {
  const pom = readFileOr(KAFKA_POM, '');
  const m = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom);
  if (!m) fail(`cannot read <kafka.version> from ${rel(KAFKA_POM)}`);
  return m[1];
}

function cacheRoot() {
  return process.env.CP_CACHE_DIR || path.join(os.homedir(), '.cache', 'child-protection');
}

/** The broker's jars, resolved once with Maven into the cache (marker file = complete). Returns the libs dir. */
function ensureKafkaJars() {
  const version = kafkaVersion();
  const dir = path.join(cacheRoot(), `kafka-${version}`);
  const libs = path.join(dir, 'libs');
  const marker = path.join(dir, 'COMPLETE');
  const pomSha256 = createHash('sha256').update(fs.readFileSync(KAFKA_POM)).digest('hex');
  const mainJar = `kafka_2.13-${version}.jar`;

  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(marker, 'utf8'));
  } catch {
    /* not there yet */
  }
  if (recorded?.pomSha256 === pomSha256 && fs.existsSync(path.join(libs, mainJar))) {
    log(`Kafka: using cached Kafka ${version} jars (${recorded.jars} jars in ${libs})`);
    return { libs, version };
  }

  const mvnCheck = run('mvn', ['-v']);
  if (mvnCheck.missing || mvnCheck.status !== 0) {
    fail(
      `Maven (mvn) not found; it is needed once to download the Kafka ${version} broker jars from Maven Central ` +
        `into ${dir}. Install Maven 3.6+ (Debian/Ubuntu: apt-get install maven), or set KAFKA_BROKERS to an ` +
        'existing broker (e.g. KAFKA_BROKERS=host:9092), or use Docker.',
    );
  }
  log(`Kafka: resolving Kafka ${version} broker jars with Maven (${rel(KAFKA_POM)}) into ${libs} …`);
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `libs.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const r = run(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      KAFKA_POM,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${tmp}`,
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0 || !fs.existsSync(path.join(tmp, mainJar))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const output = (r.stdout + r.stderr).trim().split('\n').slice(-30).join('\n');
    fail(
      `Maven could not resolve the Kafka jars (exit ${r.status}):\n${output}\n` +
        'Maven Central (https://repo.maven.apache.org) ' +
        'must be reachable, or the artifacts must already be in ~/.m2. Alternatively set KAFKA_BROKERS or use Docker.',
    );
  }
  fs.rmSync(libs, { recursive: true, force: true });
  fs.renameSync(tmp, libs);
  const jars = fs.readdirSync(libs).filter((f) => f.endsWith('.jar')).length;
  fs.writeFileSync(
    marker,
    JSON.stringify({ kafkaVersion: version, pomSha256, jars, createdAt: new Date().toISOString() }, null, 2) +
      '\n',
  );
  log(`Kafka: ${jars} jars ready in ${secs(Date.now() - started)}`);
  return { libs, version };
}

/**
 * The broker's configuration. Clients (and the broker itself, inter-broker) use the one listener
 * 127.0.0.1:9092, SASL_PLAINTEXT with SCRAM-SHA-512: every service is its own principal, the inter-broker
 * client is the super user. The controller listener (loopback, KRaft's own traffic) authenticates with
 * SASL/PLAIN as the super user: KRaft cannot check SCRAM there, since the SCRAM credentials live in the
 * metadata that listener serves. The StandardAuthorizer denies whatever no ACL allows; the super user is
 * the only exception. Holds the development admin password, so the file is private to its owner.
 */
function serverProperties() {
  const { host, port, controllerPort } = LOCAL_KAFKA;
  const { username, password } = developmentAdmin();
  return `# Generated by scripts/infra.mjs on every start — edit the script, not this file.
# Single-node Apache Kafka in KRaft mode: this one process is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${host}:${controllerPort}
listeners=SASL_PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}
advertised.listeners=SASL_PLAINTEXT://${host}:${port}
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
# Authentication: SCRAM users are created when the storage is formatted (--add-scram).
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${username}" password="${password}" user_${username}="${password}";
# Authorization: ACLs only (libs/contracts/src/kafka-principals.json); the admin is the super user.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:${username}
allow.everyone.if.no.acl.found=false
log.dirs=${KAFKA_DATA}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
`;
}

function writeServerProperties() {
  fs.mkdirSync(KAFKA_DIR, { recursive: true });
  fs.writeFileSync(KAFKA_PROPS, serverProperties(), { mode: 0o600 });
  fs.chmodSync(KAFKA_PROPS, 0o600); // an older file keeps its mode otherwise
}

/** The SCRAM users the storage is formatted with: the super user and every service's principal. */
function scramUsers() {
  const p = principals();
  return [
    { name: p.admin.username, password: p.admin.developmentPassword },
    ...Object.entries(p.services).map(([name, s]) => ({ name, password: s.developmentPassword })),
  ];
}

/** What the marker records of the users: names, and a digest of names and passwords (never the passwords). */
function scramUsersDigest(users) {
  return createHash('sha256')
    .update(JSON.stringify(users.map((u) => [u.name, u.password])))
    .digest('hex');
}

/** Kafka's Uuid text form: 16 random bytes, URL-safe base64 without padding (never starting with '-'). */
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function jvmLogArgs() {
  return [`-Dlog4j2.configurationFile=${KAFKA_LOG4J}`, `-Dkafka.logs.dir=${KAFKA_LOGS}`];
}

/**
 * Formats the storage with the SCRAM users unless it already holds exactly these users. A storage formatted
 * without them (by this script before the broker required authentication) or with other users is
 * formatted again: its topics and offsets are lost — this broker is for development only, and the services'
 * outboxes and read models in PostgreSQL are unaffected.
 */
function formatStorageIfNeeded(java, libs) {
  const meta = path.join(KAFKA_DATA, 'meta.properties');
  const users = scramUsers();
  const digest = scramUsersDigest(users);
  if (fs.existsSync(meta)) {
    const clusterId = /cluster\.id=(\S+)/.exec(readFileOr(meta, ''))?.[1];
    let marker;
    try {
      marker = JSON.parse(fs.readFileSync(KAFKA_SECURITY_MARKER, 'utf8'));
    } catch {
      /* formatted before the SCRAM users existed */
    }
    if (marker?.digest === digest && marker?.clusterId === clusterId) {
      log(
        `Kafka: storage already formatted with the SCRAM users (${rel(KAFKA_DATA)}, cluster.id=${clusterId ?? '?'})`,
      );
      return;
    }
    log(
      marker
        ? `Kafka: ${rel(KAFKA_DATA)} was formatted with other SCRAM users than ${rel(PRINCIPALS_FILE)} lists → formatting it again (its topics and offsets are deleted)`
        : `Kafka: ${rel(KAFKA_DATA)} was formatted without SCRAM users (before the broker required authentication) → formatting it again with them (its topics and offsets are deleted)`,
    );
    fs.rmSync(KAFKA_DATA, { recursive: true, force: true });
  }
  fs.mkdirSync(KAFKA_LOGS, { recursive: true });
  const clusterId = randomClusterId();
  log(
    `Kafka: formatting KRaft storage in ${rel(KAFKA_DATA)} (cluster.id=${clusterId}) with the SCRAM-SHA-512 users ${users.map((u) => u.name).join(', ')}`,
  );
  const r = run(java, [
    ...jvmLogArgs(),
    '-cp',
    path.join(libs, '*'),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    KAFKA_PROPS,
    ...users.flatMap((u) => ['--add-scram', `SCRAM-SHA-512=[name=${u.name},password=${u.password}]`]),
  ]);
  if (r.status !== 0)
    fail(`kafka.tools.StorageTool format failed (exit ${r.status}):\n${(r.stdout + r.stderr).trim()}`);
  fs.writeFileSync(
    KAFKA_SECURITY_MARKER,
    JSON.stringify(
      { clusterId, users: users.map((u) => u.name), digest, formattedAt: new Date().toISOString() },
      null,
      2,
    ) + '\n',
  );
}

function startBrokerProcess(java, libs) {
  fs.mkdirSync(KAFKA_LOGS, { recursive: true });
  const out = fs.openSync(KAFKA_OUT, 'a');
  fs.writeSync(out, `\n===== ${new Date().toISOString()} scripts/infra.mjs starting kafka.Kafka =====\n`);
  const heap = (process.env.KAFKA_HEAP_OPTS || '-Xms256m -Xmx1g').split(/\s+/).filter(Boolean);
  const args = [
    ...heap,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    ...jvmLogArgs(),
    '-cp',
    path.join(libs, '*'),
    'kafka.Kafka',
    KAFKA_PROPS,
  ];
  const child = spawn(java, args, { cwd: KAFKA_DIR, detached: true, stdio: ['ignore', out, out] });
  child.on('error', () => {}); // java was checked; a late spawn error shows up as "process exited" below
  child.unref();
  fs.closeSync(out);
  if (!child.pid) fail(`could not start ${java}`);
  fs.writeFileSync(KAFKA_PID, `${child.pid}\n`);
  return child.pid;
}

async function waitBrokerReady(pid) {
  const { host, port } = LOCAL_KAFKA;
  const started = Date.now();
  let exited = false;
  let refused;
  const serverLog = path.join(KAFKA_LOGS, 'server.log');
  const md = await waitFor(
    async () => {
      if (!pidAlive(pid)) return (exited = true);
      const probe = await kafkaProbe(host, port, developmentAdmin());
      // Until the broker has started it may refuse anyone; once started, a refusal is final.
      if (probe.authError && readFileOr(serverLog, '').includes('Kafka Server started')) {
        refused = probe.authError;
        return true;
      }
      return probe.md?.brokers.length ? probe.md : undefined;
    },
    {
      timeoutMs: KAFKA_READY_TIMEOUT_MS,
      intervalMs: 300,
      onWait: (ms) => log(`Kafka: broker (pid ${pid}) still starting (${secs(ms)}) …`),
    },
  );
  if (refused) {
    fail(
      `the local broker (pid ${pid}) refused the development admin credentials: ${refused.message}. ` +
        `Its storage holds other SCRAM users than ${rel(PRINCIPALS_FILE)}; \`npm run infra -- reset-kafka\` ` +
        'deletes it (topics and offsets too), and the next `up` formats it with the right ones.',
    );
  }
  if (exited || !md) {
    const why = exited
      ? `the broker process (pid ${pid}) exited`
      : `the broker did not become ready within ${secs(KAFKA_READY_TIMEOUT_MS)}`;
    fail(
      `${why}. Last lines of ${rel(KAFKA_OUT)}:\n${tail(KAFKA_OUT, 15)}\n` +
        `--- ${rel(path.join(KAFKA_LOGS, 'server.log'))}:\n${tail(path.join(KAFKA_LOGS, 'server.log'), 15)}\n` +
        (exited ? '' : 'It may still be starting; stop it with `npm run infra -- down`.'),
    );
  }
  const logSaysStarted = readFileOr(path.join(KAFKA_LOGS, 'server.log'), '').includes('Kafka Server started');
  log(
    `Kafka: broker ready on ${host}:${port} after ${secs(Date.now() - started)} ` +
      `(SASL/SCRAM as ${developmentAdmin().username}; Metadata answered: node ${md.brokers.map((b) => b.nodeId).join(',')}, cluster ${md.clusterId}` +
      `${logSaysStarted ? '; server.log: "Kafka Server started"' : ''})`,
  );
}

/** Simple cross-process lock so two concurrent `up`s do not start two brokers. */
async function withLock(dir, fn) {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const owner = Number(readFileOr(path.join(dir, 'pid'), '0'));
      let ageMs = 0;
      try {
        ageMs = Date.now() - fs.statSync(dir).mtimeMs;
      } catch {
        continue;
      }
      if ((owner && !pidAlive(owner)) || (!owner && ageMs > 10_000)) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        fail(`another scripts/infra.mjs (pid ${owner}) has held ${rel(dir)} for too long`);
      if (!announced) log(`waiting for another scripts/infra.mjs (pid ${owner}) to finish …`);
      announced = true;
      await sleep(500);
    }
  }
  const release = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    release();
    process.removeListener('exit', release);
  }
}

async function startLocalKafka() {
  const { host, port } = LOCAL_KAFKA;
  await withLock(KAFKA_LOCK, async () => {
    let pid = localBrokerPid();
    // The running broker was started with the server.properties on disk (written only at a start): if that
    // is not today's configuration (e.g. a broker started before it required authentication), restart it.
    if (pid && readFileOr(KAFKA_PROPS, '') !== serverProperties()) {
      log(
        `Kafka: the local broker (pid ${pid}) runs an older configuration${(await servesWithoutAuthentication(host, port)) ? ' (it serves clients without authentication)' : ''} → stopping it to start it with SASL/SCRAM and ACLs`,
      );
      await stopLocalKafka();
      pid = undefined;
    }
    if (pid) {
      const md = await kafkaReady(host, port, developmentAdmin());
      if (md) {
        log(`Kafka: local broker already running (pid ${pid}) on ${host}:${port}`);
      } else {
        log(`Kafka: local broker (pid ${pid}) is running but not ready yet — waiting`);
        await waitBrokerReady(pid);
      }
      await withKafkaAdmin(host, port, developmentAdmin(), (c) => syncAcls(c, 'local broker'));
      return;
    }
    if (await tcpCheck(host, port)) {
      if (await kafkaReady(host, port, developmentAdmin())) {
        log(`Kafka: a broker already answers on ${host}:${port} (not started by this script) — using it`);
        await withKafkaAdmin(host, port, developmentAdmin(), (c) => syncAcls(c, `${host}:${port}`));
        return;
      }
      fail(
        (await servesWithoutAuthentication(host, port))
          ? `a Kafka broker that does not authenticate its clients answers on ${host}:${port}, and this script did not start it (no ${rel(KAFKA_PID)}); stop it (the services authenticate with SASL/SCRAM), or set KAFKA_BROKERS to a broker that does.`
          : `${host}:${port} is in use by something that is not a ready Kafka broker accepting the development admin; free the port or set KAFKA_BROKERS.`,
      );
    }
    fs.rmSync(KAFKA_PID, { force: true });

    const t0 = Date.now();
    const { java } = checkJava();
    const { libs, version } = ensureKafkaJars();
    writeServerProperties();
    formatStorageIfNeeded(java, libs);
    const newPid = startBrokerProcess(java, libs);
    log(
      `Kafka: started Apache Kafka ${version} (pid ${newPid}), logs in ${rel(KAFKA_LOGS)}/server.log and ${rel(KAFKA_OUT)}`,
    );
    await waitBrokerReady(newPid);
    await withKafkaAdmin(host, port, developmentAdmin(), (c) => syncAcls(c, 'local broker'));
    log(`Kafka: local start took ${secs(Date.now() - t0)} in total`);
  });
  writeState({ kafka: { provider: 'local', host, port } });
}

async function stopLocalKafka() {
  const pid = localBrokerPid();
  if (!pid) {
    fs.rmSync(KAFKA_PID, { force: true });
    const other = await tcpCheck(LOCAL_KAFKA.host, LOCAL_KAFKA.port);
    log(
      other
        ? `Kafka: ${LOCAL_KAFKA.host}:${LOCAL_KAFKA.port} answers but was not started by this script — leaving it alone`
        : 'Kafka: no local broker running',
    );
    return;
  }
  log(`Kafka: stopping local broker (pid ${pid}, SIGTERM) …`);
  const t0 = Date.now();
  process.kill(pid, 'SIGTERM');
  let gone = await waitFor(() => !pidAlive(pid), { timeoutMs: KAFKA_STOP_TIMEOUT_MS, intervalMs: 250 });
  if (!gone) {
    log(`Kafka: broker did not stop within ${secs(KAFKA_STOP_TIMEOUT_MS)} → SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    gone = await waitFor(() => !pidAlive(pid), { timeoutMs: 10_000, intervalMs: 250 });
    if (!gone) fail(`could not stop the Kafka broker (pid ${pid})`);
  }
  fs.rmSync(KAFKA_PID, { force: true });
  log(`Kafka: local broker stopped (${secs(Date.now() - t0)})`);
}

// ───────────────────────────── Keycloak (identity provider) ─────────────────────────────

/**
 * The distribution, resolved once with Maven (tools/keycloak/pom.xml) and unpacked into the cache, then
 * built once with the build-time options below (`kc.sh build`), so every start is `start --optimized`: no
 * re-augmentation at start. The cached copy is shared by every checkout on the machine and never holds data:
 * each checkout runs it with its own home (.local/keycloak/home: links to the distribution, its own data/).
 */
const KC_BUILD_OPTIONS = ['--db=dev-file', '--health-enabled=true', `--http-relative-path=${LOCAL_KC.path}`];

function keycloakVersion() {
  const m = /<keycloak\.version>\s*([^<\s]+)\s*<\/keycloak\.version>/.exec(readFileOr(KC_POM, ''));
  if (!m) fail(`cannot read <keycloak.version> from ${rel(KC_POM)}`);
  return m[1];
}

/** The unpacked and built distribution in the cache (marker file = complete); returns its directory. */
async function ensureKeycloakDist() {
  const version = keycloakVersion();
  const dir = path.join(cacheRoot(), `keycloak-${version}`);
  const dist = path.join(dir, `keycloak-${version}`);
  const marker = path.join(dir, 'COMPLETE');
  const wanted = {
    keycloakVersion: version,
    pomSha256: createHash('sha256').update(fs.readFileSync(KC_POM)).digest('hex'),
    buildOptions: KC_BUILD_OPTIONS,
  };
  const ready = () => {
    try {
      const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
      return (
        m.pomSha256 === wanted.pomSha256 &&
        JSON.stringify(m.buildOptions) === JSON.stringify(wanted.buildOptions) &&
        fs.existsSync(path.join(dist, 'bin', 'kc.sh'))
      );
    } catch {
      return false;
    }
  };
  if (ready()) return { dist, version };
  // Another checkout may be preparing the same cache: one at a time.
  return withLock(path.join(cacheRoot(), `.keycloak-${version}.lock`), async () => {
    if (ready()) return { dist, version };
    fs.rmSync(marker, { force: true });
    if (!fs.existsSync(path.join(dist, 'bin', 'kc.sh'))) {
      const mvnCheck = run('mvn', ['-v']);
      if (mvnCheck.missing || mvnCheck.status !== 0) {
        fail(
          `Maven (mvn) not found; it is needed once to download Keycloak ${version} from Maven Central into ${dir}. ` +
            'Install Maven 3.6+ (Debian/Ubuntu: apt-get install maven), or use Docker (docker compose up keycloak).',
        );
      }
      log(`Keycloak: resolving keycloak-quarkus-dist ${version} with Maven (${rel(KC_POM)}) into ${dir} …`);
      const started = Date.now();
      const tmp = path.join(dir, `download.tmp-${process.pid}`);
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(tmp, { recursive: true });
      const r = run(
        'mvn',
        [
          '-q',
          '-B',
          '-f',
          KC_POM,
          'dependency:copy-dependencies',
          '-DincludeTypes=tar.gz',
          `-DoutputDirectory=${tmp}`,
        ],
        { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      );
      const archive = path.join(tmp, `keycloak-quarkus-dist-${version}.tar.gz`);
      if (r.status !== 0 || !fs.existsSync(archive)) {
        fs.rmSync(tmp, { recursive: true, force: true });
        const output = (r.stdout + r.stderr).trim().split('\n').slice(-30).join('\n');
        fail(
          `Maven could not resolve keycloak-quarkus-dist ${version} (exit ${r.status}):\n${output}\n` +
            'Maven Central (https://repo.maven.apache.org) must be reachable, or the artifact already in ~/.m2.',
        );
      }
      log(`Keycloak: downloaded in ${secs(Date.now() - started)}; unpacking`);
      fs.rmSync(dist, { recursive: true, force: true });
      const x = run('tar', ['-xzf', archive, '-C', dir]);
      fs.rmSync(tmp, { recursive: true, force: true });
      if (x.status !== 0 || !fs.existsSync(path.join(dist, 'bin', 'kc.sh')))
        fail(`could not unpack the Keycloak archive into ${dir}: ${(x.stderr || x.stdout).trim()}`);
    }
    const { java } = checkJava('Keycloak', 'or use Docker (docker compose up keycloak).');
    log(`Keycloak: building the server once with ${KC_BUILD_OPTIONS.join(' ')} (kc.sh build) …`);
    const started = Date.now();
    const b = run(path.join(dist, 'bin', 'kc.sh'), ['build', ...KC_BUILD_OPTIONS], {
      env: { ...process.env, JAVA: java },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (b.status !== 0)
      fail(
        `kc.sh build failed (exit ${b.status}):\n${(b.stdout + b.stderr).trim().split('\n').slice(-20).join('\n')}`,
      );
    fs.writeFileSync(
      marker,
      JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2) + '\n',
    );
    log(`Keycloak: built in ${secs(Date.now() - started)}`);
    return { dist, version };
  });
}

/** The realm file's digest: the dev database is rebuilt from the file whenever it changes. */
const realmDigest = () => createHash('sha256').update(fs.readFileSync(KC_REALM_FILE)).digest('hex');

/** Is pid our Keycloak (a java process with our home)? */
function isOurKeycloak(pid) {
  if (!pidAlive(pid)) return false;
  const cmd = procCmdline(pid);
  if (!cmd) return process.platform !== 'linux';
  return cmd.includes(`-Dkc.home.dir=${KC_HOME}`) && cmd.some((a) => a.includes('QuarkusEntryPoint'));
}

function localKeycloakPid() {
  const fromFile = Number(readFileOr(KC_PID, '').trim());
  if (fromFile && isOurKeycloak(fromFile)) return fromFile;
  if (fs.existsSync('/proc')) {
    for (const d of fs.readdirSync('/proc')) {
      if (/^\d+$/.test(d) && isOurKeycloak(Number(d))) return Number(d);
    }
  }
  return undefined;
}

/** The realm's discovery document from 127.0.0.1:8180, or undefined when it does not answer (yet). */
async function keycloakDiscovery() {
  try {
    const res = await fetch(KC_DISCOVERY_URL, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return undefined;
    const doc = await res.json();
    return doc?.issuer ? doc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The per-checkout home: the distribution's directories linked, and data/ of its own (the dev-file
 * database, transaction logs, the realm to import).
 */
function prepareKeycloakHome(dist) {
  fs.mkdirSync(path.join(KC_HOME, 'data', 'import'), { recursive: true });
  for (const d of ['bin', 'conf', 'lib', 'providers', 'themes']) {
    const link = path.join(KC_HOME, d);
    const target = path.join(dist, d);
    if (readLinkOr(link) !== target) {
      fs.rmSync(link, { recursive: true, force: true });
      fs.symlinkSync(target, link);
    }
  }
}

function readLinkOr(p) {
  try {
    return fs.readlinkSync(p);
  } catch {
    return undefined;
  }
}

/** Arguments of `kc.sh` for the local server (the build-time options are in the build). */
function keycloakArgs() {
  const { host, port, managementPort, path: rp } = LOCAL_KC;
  return [
    `-Dkc.home.dir=${KC_HOME}`,
    'start',
    '--optimized',
    '--http-enabled=true',
    `--http-host=${host}`,
    `--http-port=${port}`,
    `--http-management-port=${managementPort}`,
    // Browsers reach it through the console's origin; the services fetch the keys on 127.0.0.1 directly.
    `--hostname=${KC_PUBLIC_URL}${rp}`,
    '--hostname-backchannel-dynamic=true',
    '--proxy-headers=xforwarded',
    '--proxy-trusted-addresses=127.0.0.1,::1',
    '--cache=local',
    '--import-realm',
  ];
}

function startKeycloakProcess(java, dist) {
  fs.mkdirSync(KC_DIR, { recursive: true });
  const out = fs.openSync(KC_OUT, 'a');
  fs.writeSync(out, `\n===== ${new Date().toISOString()} scripts/infra.mjs starting Keycloak =====\n`);
  const child = spawn(path.join(dist, 'bin', 'kc.sh'), keycloakArgs(), {
    cwd: KC_DIR,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      JAVA: java,
      JAVA_OPTS_KC_HEAP: process.env.KEYCLOAK_HEAP_OPTS || '-Xms64m -Xmx512m',
      // The client compiler only: on a small shared machine the start is about three times faster (measured:
      // 15 s instead of 50 s with the cores busy), and a development server never needs peak throughput.
      JAVA_OPTS_APPEND: [
        process.env.JAVA_OPTS_APPEND,
        process.env.KEYCLOAK_JIT_OPTS ?? '-XX:TieredStopAtLevel=1',
      ]
        .filter(Boolean)
        .join(' '),
      // The master realm's first administrator, created on a fresh database only: development only.
      KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
      KC_BOOTSTRAP_ADMIN_PASSWORD: KC_DEV_ADMIN_PASSWORD,
    },
  });
  child.on('error', () => {});
  child.unref();
  fs.closeSync(out);
  if (!child.pid) fail('could not start kc.sh');
  return child.pid;
}

/** Waits until the realm's discovery document answers; returns the java process's pid. */
async function waitKeycloakReady(launcherPid) {
  const started = Date.now();
  let exited = false;
  const doc = await waitFor(
    async () => {
      if (!pidAlive(launcherPid) && !localKeycloakPid()) return (exited = true);
      return keycloakDiscovery();
    },
    {
      timeoutMs: KC_READY_TIMEOUT_MS,
      intervalMs: 500,
      onWait: (ms) => log(`Keycloak: still starting (${secs(ms)}) …`),
    },
  );
  if (exited || !doc) {
    fail(
      `${exited ? 'Keycloak exited' : `Keycloak did not answer ${KC_DISCOVERY_URL} within ${secs(KC_READY_TIMEOUT_MS)}`}. ` +
        `Last lines of ${rel(KC_OUT)}:\n${tail(KC_OUT, 20)}`,
    );
  }
  const pid = localKeycloakPid() ?? launcherPid;
  fs.writeFileSync(KC_PID, `${pid}\n`);
  log(`Keycloak: ready after ${secs(Date.now() - started)} (pid ${pid}; issuer ${doc.issuer})`);
  return pid;
}

async function startLocalKeycloak() {
  const { host, port } = LOCAL_KC;
  await withLock(KC_LOCK, async () => {
    const digest = realmDigest();
    let pid = localKeycloakPid();
    const imported = readFileOr(KC_REALM_MARKER, '').trim();
    if (pid && imported === digest) {
      if (!(await keycloakDiscovery())) await waitKeycloakReady(pid);
      log(`Keycloak: already running (pid ${pid}) on http://${host}:${port}${LOCAL_KC.path}`);
      return;
    }
    if (pid) {
      log(`Keycloak: ${rel(KC_REALM_FILE)} changed since the running server imported it → restarting it`);
      await stopLocalKeycloak();
      pid = undefined;
    }
    if (await tcpCheck(host, port)) {
      if (await keycloakDiscovery()) {
        log(
          `Keycloak: a server not started by this script already serves the realm on ${host}:${port} — using it ` +
            `(its realm is whatever it imported; stop it to have ${rel(KC_REALM_FILE)} imported afresh)`,
        );
        return;
      }
      fail(
        `${host}:${port} is in use by something that does not serve the realm ${KC_REALM}; free the port.`,
      );
    }
    const t0 = Date.now();
    const { java, major } = checkJava('Keycloak', 'or use Docker (docker compose up keycloak).');
    if (![17, 21, 25].includes(major))
      log(`Keycloak: warning: Java ${major} is not among Keycloak's supported versions (17, 21, 25)`);
    const { dist, version } = await ensureKeycloakDist();
    prepareKeycloakHome(dist);
    // A realm already imported is never imported again (Keycloak skips an existing realm): when the file
    // changed, the development database starts afresh, so a stale realm never lingers.
    if (imported !== digest) {
      const data = path.join(KC_HOME, 'data');
      const had = fs.existsSync(path.join(data, 'h2'));
      for (const d of ['h2', 'transaction-logs', 'import'])
        fs.rmSync(path.join(data, d), { recursive: true, force: true });
      fs.rmSync(KC_REALM_MARKER, { force: true });
      if (had)
        log(
          `Keycloak: ${rel(KC_REALM_FILE)} changed → deleting the development database to import it afresh`,
        );
    }
    fs.mkdirSync(path.join(KC_HOME, 'data', 'import'), { recursive: true });
    fs.copyFileSync(KC_REALM_FILE, path.join(KC_HOME, 'data', 'import', path.basename(KC_REALM_FILE)));
    const launcher = startKeycloakProcess(java, dist);
    log(`Keycloak: starting ${version} with Java ${major} (logs in ${rel(KC_OUT)})`);
    await waitKeycloakReady(launcher);
    fs.writeFileSync(KC_REALM_MARKER, `${digest}\n`);
    log(`Keycloak: local start took ${secs(Date.now() - t0)} in total`);
  });
  writeState({ keycloak: { provider: 'local', host, port } });
}

async function stopLocalKeycloak() {
  const pid = localKeycloakPid();
  if (!pid) {
    fs.rmSync(KC_PID, { force: true });
    log(
      (await tcpCheck(LOCAL_KC.host, LOCAL_KC.port))
        ? `Keycloak: ${LOCAL_KC.host}:${LOCAL_KC.port} answers but was not started by this script — leaving it alone`
        : 'Keycloak: not running',
    );
    return;
  }
  log(`Keycloak: stopping (pid ${pid}, SIGTERM) …`);
  const t0 = Date.now();
  process.kill(pid, 'SIGTERM');
  if (!(await waitFor(() => !pidAlive(pid), { timeoutMs: 30_000, intervalMs: 250 }))) {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !pidAlive(pid), { timeoutMs: 10_000, intervalMs: 250 });
  }
  fs.rmSync(KC_PID, { force: true });
  log(`Keycloak: stopped (${secs(Date.now() - t0)})`);
}

async function keycloakStatusLine() {
  const pid = localKeycloakPid();
  const doc = await keycloakDiscovery();
  const where = `${LOCAL_KC.host}:${LOCAL_KC.port}`;
  let label = pid ? `local Keycloak ${keycloakVersion()} (pid ${pid})` : 'local Keycloak (not running)';
  if (readState().keycloak?.provider === 'docker') label = 'docker compose (keycloak)';
  let line;
  if (doc) {
    const stale = pid && readFileOr(KC_REALM_MARKER, '').trim() !== realmDigest();
    line = `answers (realm ${KC_REALM}, issuer ${doc.issuer})${stale ? ` — ${rel(KC_REALM_FILE)} changed since the import: idp-up re-imports it` : ''}${pid || label.startsWith('docker') ? '' : ' — not started by this script'}`;
  } else line = `not answering — start it with \`node scripts/infra.mjs idp-up\``;
  log(`keycloak: ${label.padEnd(30)} ${where.padEnd(16)} ${line}`);
  return Boolean(doc);
}

async function idpUp() {
  if (dockerAvailable()) {
    await dockerUp(['keycloak']);
    const doc = await waitFor(keycloakDiscovery, {
      timeoutMs: KC_READY_TIMEOUT_MS,
      intervalMs: 1000,
      onWait: (ms) => log(`Keycloak (docker): still waiting (${secs(ms)})`),
    });
    if (!doc)
      fail(`the keycloak container did not answer ${KC_DISCOVERY_URL} (docker compose logs keycloak)`);
    log(`Keycloak: container ready (issuer ${doc.issuer})`);
  } else {
    await startLocalKeycloak();
  }
  log(
    `Keycloak: realm ${KC_REALM} on http://${LOCAL_KC.host}:${LOCAL_KC.port}${LOCAL_KC.path} — services: ` +
      `OIDC_ISSUER=${KC_ISSUER} OIDC_JWKS_URL=${KC_JWKS_URL} OIDC_AUDIENCE=${KC_AUDIENCE}`,
  );
}

// ───────────────────────────── commands ─────────────────────────────

/** Which provider serves each component right now, without starting anything. */
async function envTargets() {
  const out = {};
  if (process.env.DATABASE_URL) {
    const t = parsePgUrl(process.env.DATABASE_URL);
    if (!t)
      log(
        'warning: DATABASE_URL is set but is not a URL like postgres://user:pass@host:5432/db — ignoring it',
      );
    else if (await tcpCheck(t.host, t.port)) out.postgres = { provider: 'env', ...t };
    else
      log(
        `warning: DATABASE_URL points to ${t.host}:${t.port}, which does not accept connections — ignoring it`,
      );
  }
  if (process.env.KAFKA_BROKERS) {
    const t = parseHostPort(process.env.KAFKA_BROKERS.split(',')[0], 9092);
    if (!t) log('warning: KAFKA_BROKERS is set but its first entry is not host:port — ignoring it');
    else if (await tcpCheck(t.host, t.port)) out.kafka = { provider: 'env', ...t };
    else
      log(
        `warning: KAFKA_BROKERS' first broker ${t.host}:${t.port} does not accept connections — ignoring it`,
      );
  }
  return out;
}

async function up({ withIdp = false } = {}) {
  const t0 = Date.now();
  const env = await envTargets();
  if (env.postgres) log(`PostgreSQL: using DATABASE_URL (${env.postgres.host}:${env.postgres.port})`);
  if (env.kafka) log(`Kafka: using KAFKA_BROKERS (${process.env.KAFKA_BROKERS})`);

  const needed = ['postgres', 'kafka'].filter((c) => !env[c]);
  const useDocker = needed.length > 0 && dockerAvailable();
  if (needed.length && !useDocker) {
    log(
      `no Docker engine${process.env.CP_INFRA_NO_DOCKER ? ' (CP_INFRA_NO_DOCKER is set)' : ''} → local ${needed.join(' + ')}`,
    );
  }
  if (useDocker) await dockerUp(needed);

  // PostgreSQL
  let pg = env.postgres;
  if (!pg && useDocker) {
    await waitDockerPostgres();
    pg = { provider: 'docker', ...DOCKER_PG };
    log(`PostgreSQL: container ready on ${pg.host}:${pg.port}`);
  } else if (!pg) {
    await startLocalPostgres();
    pg = { provider: 'local', ...LOCAL_PG };
    writeState({ postgres: { provider: 'local', host: pg.host, port: pg.port } });
  } else {
    writeState({ postgres: { provider: 'env', host: pg.host, port: pg.port } });
  }
  ensureDatabases(pg);

  // Kafka
  if (env.kafka) {
    writeState({ kafka: { provider: 'env', host: env.kafka.host, port: env.kafka.port } });
    const creds = adminCredentials('env');
    const probe = await kafkaProbe(env.kafka.host, env.kafka.port, creds);
    log(
      probe.md
        ? `Kafka: KAFKA_BROKERS authenticated ${creds.username} (${creds.mechanism}); its ACLs are not managed here — \`node scripts/infra.mjs kafka-acls\` grants the services theirs`
        : `warning: KAFKA_BROKERS did not authenticate ${creds.username} (${creds.mechanism}): ${(probe.authError ?? probe.error).message}. ` +
            'The services and tests authenticate with SASL/SCRAM (KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD; docs/kafka-security.md).',
    );
  } else if (useDocker) {
    const md = await waitFor(() => kafkaReady(LOCAL_KAFKA.host, LOCAL_KAFKA.port, developmentAdmin()), {
      timeoutMs: KAFKA_READY_TIMEOUT_MS,
      intervalMs: 1000,
      onWait: (ms) => log(`Kafka (docker): still waiting (${secs(ms)})`),
    });
    if (!md)
      fail(
        `the kafka container did not authenticate the development admin on localhost:9092 within ${secs(KAFKA_READY_TIMEOUT_MS)} (docker compose logs kafka).`,
      );
    log('Kafka: container ready on localhost:9092 (SASL/SCRAM)');
    await withKafkaAdmin(LOCAL_KAFKA.host, LOCAL_KAFKA.port, developmentAdmin(), (c) =>
      syncAcls(c, 'docker broker'),
    );
  } else {
    await startLocalKafka();
  }

  const pgUrl =
    pg.provider === 'env'
      ? 'DATABASE_URL'
      : `postgres://postgres${pg.password ? ':' + pg.password : ''}@${pg.host}:${pg.port}/<cp_intake|cp_casework|cp_reporting>`;
  const kafkaAt = env.kafka ? process.env.KAFKA_BROKERS : `${LOCAL_KAFKA.host}:${LOCAL_KAFKA.port}`;
  if (withIdp) await idpUp();
  log(
    `ready in ${secs(Date.now() - t0)} — PostgreSQL: ${pgUrl} · Kafka: KAFKA_BROKERS=${kafkaAt}` +
      (withIdp ? ` · Keycloak: ${KC_LOCAL_REALM_URL}` : ''),
  );
}

async function down() {
  const state = readState();
  const dockerUsed = ['postgres', 'kafka', 'keycloak'].filter((c) => state[c]?.provider === 'docker');
  if (dockerUsed.length) {
    if (dockerAvailable()) {
      log('stopping Docker Compose services (docker compose down; volumes are kept)');
      const r = compose(['down'], { stdio: 'inherit' });
      if (r.status !== 0) fail(`docker compose down failed (exit ${r.status})`);
    } else {
      log('state says Docker Compose was used, but no Docker engine answers — nothing to stop there');
    }
  }
  await stopLocalKafka();
  await stopLocalKeycloak();
  const pgProvider = state.postgres?.provider;
  if (pgProvider === 'local' || !pgProvider) {
    log(
      `PostgreSQL: leaving the system PostgreSQL (${LOCAL_PG.host}:${LOCAL_PG.port}) running — it is shared; stop it with pg_ctlcluster <version> main stop if you must`,
    );
  } else if (pgProvider === 'env') {
    log('PostgreSQL: provided by DATABASE_URL — not managed here');
  }
  writeState({
    ...(state.kafka?.provider !== 'env' ? { kafka: undefined } : {}),
    keycloak: undefined,
    ...(pgProvider === 'docker' ? { postgres: undefined } : {}),
  });
}

async function status() {
  const state = readState();
  const env = await envTargets();
  let allUp = true;

  // PostgreSQL
  {
    const provider = env.postgres ? 'env' : state.postgres?.provider === 'docker' ? 'docker' : 'local';
    const t =
      env.postgres ?? (provider === 'docker' ? { provider, ...DOCKER_PG } : { provider, ...LOCAL_PG });
    const where = `${t.host}:${t.port}`;
    const label = { env: 'DATABASE_URL', docker: 'docker compose (postgres)', local: 'local server' }[
      provider
    ];
    let line;
    if (!(await tcpCheck(t.host, t.port))) {
      allUp = false;
      line = 'NOT answering';
    } else {
      try {
        const version = psql(t, "SELECT current_setting('server_version')");
        const dbs = psql(
          t,
          `SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE datname LIKE 'cp\\_%'`,
        );
        const missing = DATABASES.filter((d) => !dbs.split(',').includes(d));
        line = `answers (PostgreSQL ${version}; ${missing.length ? `MISSING databases ${missing.join(', ')} — run up` : `databases ${DATABASES.join(', ')} present`})`;
        if (missing.length) allUp = false;
      } catch (e) {
        allUp = false;
        line = `accepts TCP, but psql failed: ${e.message.split('\n')[0]}`;
      }
    }
    log(`postgres: ${label.padEnd(30)} ${where.padEnd(16)} ${line}`);
  }

  // Kafka
  {
    const pid = localBrokerPid();
    const provider = env.kafka ? 'env' : state.kafka?.provider === 'docker' ? 'docker' : 'local';
    const t = env.kafka ?? LOCAL_KAFKA;
    const where = `${t.host}:${t.port}`;
    let label = { env: 'KAFKA_BROKERS', docker: 'docker compose (kafka)', local: 'local broker' }[provider];
    if (provider === 'local') {
      // The version actually running: from the broker's classpath (…/kafka-<version>/libs/*), else the pom's.
      const cp = pid ? procCmdline(pid)?.find((a) => /kafka-[^/]+\/libs\//.test(a)) : undefined;
      const version = /kafka-([^/]+)\/libs\//.exec(cp ?? '')?.[1] ?? kafkaVersion();
      label = pid ? `local Kafka ${version} (pid ${pid})` : 'local broker (not running)';
    }
    let line;
    const creds = adminCredentials(provider);
    const probe = await kafkaProbe(t.host, t.port, creds);
    if (probe.md) {
      const md = probe.md;
      line = md.brokers.length
        ? `answers (SASL/SCRAM as ${creds.username}; Metadata: ${md.brokers.length} broker(s) ${md.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(' ')}, cluster ${md.clusterId})`
        : 'answers, but no broker is registered yet (starting?)';
      if (!md.brokers.length) allUp = false;
      if (provider === 'local' && !pid) line += ' — not started by this script';
    } else {
      allUp = false;
      if (probe.authError) line = `answers, but refused ${creds.username}: ${probe.authError.message}`;
      else if (await servesWithoutAuthentication(t.host, t.port))
        line =
          'answers WITHOUT authentication — an old broker: `npm run infra -- up` restarts ours with SASL/SCRAM';
      else if (await tcpCheck(t.host, t.port))
        line = `accepts TCP but no authenticated Kafka Metadata answer (${probe.error?.message})`;
      else line = 'NOT answering';
    }
    log(`kafka:    ${label.padEnd(30)} ${where.padEnd(16)} ${line}`);
  }

  // Keycloak: started only when asked (idp-up, up --with-idp); down only counts when it was started.
  if (!(await keycloakStatusLine()) && state.keycloak) allUp = false;
  return allUp ? 0 : 1;
}

async function resetKeycloak() {
  await stopLocalKeycloak();
  fs.rmSync(path.join(KC_HOME, 'data'), { recursive: true, force: true });
  writeState({ keycloak: undefined });
  log(`Keycloak: deleted ${rel(path.join(KC_HOME, 'data'))}; the next idp-up imports the realm afresh`);
}

async function resetKafka() {
  await stopLocalKafka();
  if (fs.existsSync(KAFKA_DATA)) {
    fs.rmSync(KAFKA_DATA, { recursive: true, force: true });
    log(`Kafka: deleted ${rel(KAFKA_DATA)} (all topics and offsets); the next \`up\` formats fresh storage`);
  } else {
    log(`Kafka: ${rel(KAFKA_DATA)} does not exist — nothing to delete`);
  }
}

/**
 * Grants the services their ACLs (kafka-principals.json) on KAFKA_BROKERS' first broker, or the local one,
 * as the super user: what `up` does for the brokers it runs, for a broker it does not (the Docker Compose
 * stack's one-shot `kafka-acls` service runs this). Waits for the broker to come up first.
 */
async function kafkaAcls() {
  const t = process.env.KAFKA_BROKERS
    ? parseHostPort(process.env.KAFKA_BROKERS.split(',')[0], 9092)
    : LOCAL_KAFKA;
  if (!t) fail('KAFKA_BROKERS must be host:port[,host:port…]');
  const creds = adminCredentials(process.env.KAFKA_BROKERS ? 'env' : 'local');
  let last;
  const md = await waitFor(
    async () => {
      const probe = await kafkaProbe(t.host, t.port, creds);
      last = probe.authError ?? probe.error;
      return probe.md?.brokers.length ? probe.md : undefined;
    },
    {
      timeoutMs: KAFKA_READY_TIMEOUT_MS,
      intervalMs: 1000,
      onWait: (ms) => log(`Kafka: ${t.host}:${t.port} not ready for ${creds.username} yet (${secs(ms)}) …`),
    },
  );
  if (!md)
    fail(
      `Kafka at ${t.host}:${t.port} did not authenticate ${creds.username}: ${last?.message ?? 'no answer'}`,
    );
  await withKafkaAdmin(t.host, t.port, creds, (c) => syncAcls(c, `${t.host}:${t.port}`));
}

const USAGE = `usage: node scripts/infra.mjs <up|down|status|idp-up|idp-down|reset-kafka|reset-idp|kafka-acls>
  up           make PostgreSQL and Kafka reachable (DATABASE_URL / KAFKA_BROKERS → Docker Compose → local);
               the local and Docker brokers authenticate (SASL/SCRAM) and get the services' ACLs
  up --with-idp   the same, and Keycloak (what idp-up does)
  idp-up       make Keycloak serve the realm child-protection on 127.0.0.1:8180/auth (Docker Compose, else the
               official distribution from Maven Central run with the machine's Java); the realm file
               tools/keycloak/realm/child-protection-realm.json is imported afresh whenever it changed
  idp-down     stop the local Keycloak
  reset-idp    stop the local Keycloak and delete its database (.local/keycloak/home/data)
  down         stop the local Kafka broker and Keycloak, or the Docker Compose services (system PostgreSQL keeps running)
  status       show who provides each component and whether it answers (exit 1 if something is down)
  reset-kafka  stop the local broker and delete its data directory (.local/kafka/data)
  kafka-acls   grant the services their ACLs (libs/contracts/src/kafka-principals.json) as the super user
               on KAFKA_BROKERS, or on the local broker`;

async function main() {
  const [cmd, ...flags] = process.argv.slice(2);
  switch (cmd) {
    case 'up':
      return up({ withIdp: flags.includes('--with-idp') }).then(() => 0);
    case 'idp-up':
      return idpUp().then(() => 0);
    case 'idp-down':
      return stopLocalKeycloak().then(() => {
        writeState({ keycloak: undefined });
        return 0;
      });
    case 'reset-idp':
      return resetKeycloak().then(() => 0);
    case 'down':
      return down().then(() => 0);
    case 'status':
      return status();
    case 'reset-kafka':
      return resetKafka().then(() => 0);
    case 'kafka-acls':
      return kafkaAcls().then(() => 0);
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof InfraError) process.stderr.write(`[infra] ERROR: ${err.message}\n`);
    else process.stderr.write(`[infra] unexpected error: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
