import { createHash } from 'node:crypto';
import type { JwtConfig } from '@cp/auth';
import { developmentCheckpointKey, parseCheckpointSigningKey, type CheckpointKey } from '@cp/event-store';
import { KAFKA_PRINCIPALS } from '@cp/contracts';
import { parseKafkaSecurity, type KafkaSecurity, type TopicDurability } from '@cp/messaging';

/** The typed configuration of one service, validated at boot. */
export interface ServiceConfig {
  service: 'intake' | 'casework' | 'reporting';
  port: number;
  /**
   * The database as the service works with it (`DATABASE_URL`): a restricted role that may insert into
   * and read the event store but never update or delete it (docs/audit-integrity.md, "Database roles").
   */
  databaseUrl: string;
  /**
   * The same database as the owner of its tables (`MIGRATION_DATABASE_URL`): used at boot only, to run the
   * migrations and grant the application role its rights. Must name another role than DATABASE_URL
   * outside development mode.
   */
  migrationDatabaseUrl: string;
  kafkaBrokers: string[];
  kafkaPartitions: number;
  /**
   * How the service proves who it is to the broker (SASL/SCRAM as its own principal, which the ACLs grant
   * only its own topics) and whether the connection is TLS; see docs/kafka-security.md.
   */
  kafkaSecurity: KafkaSecurity;
  /** Replication of the topics the service creates (KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS). */
  kafkaDurability: Required<TopicDurability>;
  /** How bearer tokens are verified: an OIDC issuer's keys (production), or a shared secret (development). */
  auth: JwtConfig;
  logLevel: string;
  production: boolean;
  /**
   * Development mode, only when asked for (`CP_DEVELOPMENT=1`: `npm start`, the tests and the benchmarks set
   * it): the published development keys and secrets and the shared-secret tokens are accepted. Without it —
   * whatever NODE_ENV says, unset included — every key must be the deployment's own.
   */
  development: boolean;
  /** Prefix of consumer group ids, so parallel test stacks on one broker never share a group. */
  consumerGroupPrefix: string;
  /** Outbox relay poll interval (fallback to LISTEN/NOTIFY). */
  outboxPollMs: number;
  /** Messages a consumer applies in one transaction at most (CONSUMER_MAX_BATCH, default 100). */
  consumerMaxBatch: number;
  /** Days an idempotency key is kept (IDEMPOTENCY_RETENTION_DAYS, default 7): a repeat after that is new. */
  idempotencyRetentionDays: number;
  /**
   * How long one statement of the service may run (DB_STATEMENT_TIMEOUT_MS, default 30 s; 0 turns it off):
   * a runaway query is cancelled and answered 503 instead of holding a pooled connection for ever.
   * Migrations run without it.
   */
  statementTimeoutMs: number;
  /**
   * Key rings of the sealed topics this deployment was given (`SEALED_TOPIC_KEYS`), by topic of record; in
   * development, published keys for every sealed topic. A service refuses to start without the ring of a
   * sealed topic it writes or reads.
   */
  topicKeys: Record<string, Array<{ kid: string; key: Buffer }>>;
  /** How often the stream heads that changed are published as a checkpoint (ms); 0 turns it off. */
  checkpointMs: number;
  /**
   * The Ed25519 key intake and casework sign their checkpoints with (`CHECKPOINT_SIGNING_KEY`: PEM, or
   * base64 of PKCS#8 DER or of the 32-byte seed); its public key is served at
   * `GET /api/v1/integrity/public-key`. Development mode falls back to a published key per service, which
   * is refused otherwise. Null for reporting, which publishes no checkpoints.
   */
  checkpointKey: CheckpointKey | null;
  /**
   * How many streams each checkpoint run re-verifies (hashes and subject keys), going round the whole
   * store (`CHECKPOINT_VERIFY_STREAMS`, default 500; 0 turns it off): what fails is reported, signed, in
   * the next checkpoint.
   */
  checkpointVerifyStreams: number;
  /**
   * Put before every topic name (`KAFKA_TOPIC_PREFIX`, default none): stacks sharing one broker (a test
   * stack beside the developer's) then never read each other's events.
   */
  topicPrefix: string;
  /**
   * Browser origins allowed to call the API (`CORS_ORIGINS`, comma-separated, e.g.
   * `https://cp.example.gov.vn`); default none, which sends no CORS headers at all.
   */
  corsOrigins: string[];
  /**
   * Requests per minute per user (the token's `sub`, or the client IP without a valid token), counted in
   * the service's database for all its instances together (`RATE_LIMIT_PER_MINUTE`, default 600; 0 turns
   * the limit off).
   */
  rateLimitPerMinute: number;
  /**
   * Personal data at rest: the master keys that wrap the subject keys (`PERSONAL_DATA_MASTER_KEYS`,
   * `kid:base64` pairs of 32 bytes, comma-separated; the first wraps new keys, all unwrap, so a key is
   * rotated by putting the new one first) and the secret of the search index (`PERSONAL_DATA_INDEX_KEY`).
   * Both are required in production; development and tests fall back to fixed, published keys.
   */
  personalData: {
    masterKeys: Array<{ kid: string; key: Buffer }>;
    indexSecret: Buffer;
    development: boolean;
  };
}

export class ConfigError extends Error {}

/**
 * Reads the environment once. Each app's `config.ts` calls this with `process.env` — the only place
 * the environment is read.
 */
export function parseServiceConfig(
  service: ServiceConfig['service'],
  env: Record<string, string | undefined>,
  defaults: { port: number; database: string },
): ServiceConfig {
  const problems: string[] = [];
  const port = Number(env.PORT ?? defaults.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('PORT must be a port number');
  const production = env.NODE_ENV === 'production';
  const development = isDevelopment(env, production, problems);
  const { databaseUrl, migrationDatabaseUrl } = parseDatabaseUrls(env, defaults, development, problems);
  const auth = parseAuth(env, development, production, problems);
  // Reporting holds no personal data (its events carry none): only the services that seal need keys.
  const personalData = parsePersonalData(env, !development && service !== 'reporting', problems);
  const kafkaSecurity = parseServiceKafkaSecurity(service, env, development, production, problems);
  const kafkaDurability = parseKafkaDurability(env, development, problems);
  const partitions = Number(env.KAFKA_PARTITIONS ?? 3);
  if (!Number.isInteger(partitions) || partitions < 1)
    problems.push('KAFKA_PARTITIONS must be a positive integer');
  const checkpointMs = Number(env.CHECKPOINT_MS ?? 60_000);
  if (!Number.isInteger(checkpointMs) || checkpointMs < 0)
    problems.push('CHECKPOINT_MS must be a whole number of ms (0 turns checkpoints off)');
  const checkpointKey =
    service === 'reporting' ? null : parseCheckpointKey(service, env, development, problems);
  const checkpointVerifyStreams = Number(env.CHECKPOINT_VERIFY_STREAMS ?? 500);
  if (!Number.isInteger(checkpointVerifyStreams) || checkpointVerifyStreams < 0)
    problems.push(
      'CHECKPOINT_VERIFY_STREAMS must be a whole number of streams (0 turns re-verification off)',
    );
  const topicPrefix = env.KAFKA_TOPIC_PREFIX ?? '';
  if (!/^[A-Za-z0-9._-]*$/.test(topicPrefix) || topicPrefix.length > 100)
    problems.push('KAFKA_TOPIC_PREFIX may hold only letters, digits, dots, dashes and underscores');
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!isOrigin(origin)) {
      problems.push(
        `CORS_ORIGINS must list origins such as https://cp.example.gov.vn (scheme, host, optional port; no path, no *): ${JSON.stringify(origin)}`,
      );
    }
  }
  const consumerMaxBatch = Number(env.CONSUMER_MAX_BATCH ?? 100);
  if (!Number.isInteger(consumerMaxBatch) || consumerMaxBatch < 1 || consumerMaxBatch > 10_000)
    problems.push('CONSUMER_MAX_BATCH must be a whole number of messages between 1 and 10000');
  const idempotencyRetentionDays = Number(env.IDEMPOTENCY_RETENTION_DAYS ?? 7);
  if (
    !Number.isInteger(idempotencyRetentionDays) ||
    idempotencyRetentionDays < 1 ||
    idempotencyRetentionDays > 90
  )
    problems.push('IDEMPOTENCY_RETENTION_DAYS must be a whole number of days between 1 and 90');
  const statementTimeoutMs = Number(env.DB_STATEMENT_TIMEOUT_MS ?? 30_000);
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 0)
    problems.push('DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds (0 turns the limit off)');
  const rateLimitPerMinute = Number(env.RATE_LIMIT_PER_MINUTE ?? 600);
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 0)
    problems.push('RATE_LIMIT_PER_MINUTE must be a whole number of requests (0 turns the limit off)');
  const topicKeys = parseTopicKeys(env, development, problems);
  if (problems.length) throw new ConfigError(`${service}: invalid configuration: ${problems.join('; ')}`);
  return {
    service,
    port,
    databaseUrl,
    migrationDatabaseUrl,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    kafkaPartitions: partitions,
    kafkaSecurity,
    kafkaDurability,
    auth,
    logLevel: env.LOG_LEVEL ?? 'info',
    production,
    development,
    consumerGroupPrefix: env.CONSUMER_GROUP_PREFIX ?? 'cp',
    outboxPollMs: Number(env.OUTBOX_POLL_MS ?? 500),
    consumerMaxBatch,
    idempotencyRetentionDays,
    topicKeys,
    statementTimeoutMs,
    checkpointMs,
    checkpointKey,
    checkpointVerifyStreams,
    topicPrefix,
    corsOrigins,
    rateLimitPerMinute,
    personalData,
  };
}

/**
 * The application's URL and the owner's. By default the local cluster's `cp_app` role (created by
 * `npm run infra -- up`) and its superuser; a DATABASE_URL given alone is also used to migrate, which only
 * development mode accepts: the service would then work as the owner of the records it must not change.
 */
function parseDatabaseUrls(
  env: Record<string, string | undefined>,
  defaults: { database: string },
  development: boolean,
  problems: string[],
): { databaseUrl: string; migrationDatabaseUrl: string } {
  const databaseUrl = env.DATABASE_URL ?? `postgres://cp_app@127.0.0.1:5432/${defaults.database}`;
  const migrationDatabaseUrl =
    env.MIGRATION_DATABASE_URL ??
    env.DATABASE_URL ??
    `postgres://postgres@127.0.0.1:5432/${defaults.database}`;
  const users: string[] = [];
  for (const [name, url] of [
    ['DATABASE_URL', databaseUrl],
    ['MIGRATION_DATABASE_URL', migrationDatabaseUrl],
  ]) {
    try {
      users.push(decodeURIComponent(new URL(url).username));
    } catch {
      problems.push(`${name} must be a postgres:// URL`);
    }
  }
  if (users.length === 2 && !development && (users[0] === '' || users[0] === users[1])) {
    problems.push(
      'DATABASE_URL must name the restricted application role and MIGRATION_DATABASE_URL the owner that runs the migrations (two different users): the service must not work as the owner of the records it may not change',
    );
  }
  return { databaseUrl, migrationDatabaseUrl };
}

/**
 * The checkpoint signing key of intake or casework. Development mode falls back to the service's
 * published development key; outside it the key must be set, and must not be that published one.
 */
function parseCheckpointKey(
  service: 'intake' | 'casework',
  env: Record<string, string | undefined>,
  development: boolean,
  problems: string[],
): CheckpointKey | null {
  const published = developmentCheckpointKey(service);
  const text = env.CHECKPOINT_SIGNING_KEY?.trim();
  if (!text) {
    if (development) return published;
    problems.push(
      'CHECKPOINT_SIGNING_KEY must be set: the Ed25519 private key this service signs its checkpoints with (e.g. `openssl genpkey -algorithm ed25519`; the built-in key exists only with CP_DEVELOPMENT=1)',
    );
    return null;
  }
  let key: CheckpointKey;
  try {
    key = parseCheckpointSigningKey(text);
  } catch {
    problems.push(
      'CHECKPOINT_SIGNING_KEY must be an Ed25519 private key: PEM, or base64 of PKCS#8 DER or of its 32-byte seed',
    );
    return null;
  }
  if (!development && key.keyId === published.keyId) {
    problems.push('CHECKPOINT_SIGNING_KEY is the published development key: set a key of the deployment');
    return null;
  }
  return key;
}

/** Published in this repository: good for development and tests only, refused in production. */
const DEV_MASTER_KEY = createHash('sha256').update('cp-development-only-master-key').digest();
const DEV_INDEX_KEY = createHash('sha256').update('cp-development-only-index-key').digest();

/**
 * `CP_DEVELOPMENT=1` (or `true`) switches development mode on; nothing else does. It cannot be combined with
 * NODE_ENV=production.
 */
export function isDevelopment(
  env: Record<string, string | undefined>,
  production: boolean,
  problems: string[],
): boolean {
  const value = env.CP_DEVELOPMENT?.trim().toLowerCase();
  if (value !== undefined && value !== '' && !['1', 'true', '0', 'false'].includes(value)) {
    problems.push('CP_DEVELOPMENT must be 1 (development mode) or 0');
  }
  const development = value === '1' || value === 'true';
  if (development && production) {
    problems.push(
      'CP_DEVELOPMENT=1 (development keys and secrets) cannot be combined with NODE_ENV=production',
    );
  }
  return development;
}

/** A key ring: `kid:base64` pairs of 32-byte keys, comma-separated; the first is the one in use. */
export function keyRing(
  name: string,
  value: string | undefined,
  problems: string[],
): Array<{ kid: string; key: Buffer }> {
  const listed = (value ?? '').trim();
  const keys: Array<{ kid: string; key: Buffer }> = [];
  for (const item of listed ? listed.split(',') : []) {
    const [kid, b64] = item.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!kid || !/^[A-Za-z0-9_-]{1,32}$/.test(kid) || key.length !== 32) {
      problems.push(`${name} must be kid:base64 pairs of 32-byte keys, comma-separated`);
      return [];
    }
    keys.push({ kid, key });
  }
  return keys;
}

/**
 * The topics whose messages travel sealed (libs/messaging payload-seal.ts), and the variable that holds
 * each one's key ring. The producer needs its topic's ring; each consumer the rings of what it reads.
 */
export const SEALED_TOPIC_KEYS = {
  'cp.intake.contacts.v1': 'INTAKE_TOPIC_KEYS',
  'cp.casework.cases.v1': 'CASEWORK_TOPIC_KEYS',
} as const;

export function parseTopicKeys(
  env: Record<string, string | undefined>,
  development: boolean,
  problems: string[],
): ServiceConfig['topicKeys'] {
  const out: ServiceConfig['topicKeys'] = {};
  for (const [topic, name] of Object.entries(SEALED_TOPIC_KEYS)) {
    const keys = keyRing(name, env[name], problems);
    if (keys.length) out[topic] = keys;
    // Published development keys, one per topic, accepted only in development mode.
    else if (development) {
      out[topic] = [
        { kid: 'dev', key: createHash('sha256').update(`cp-development-only-topic-key|${topic}`).digest() },
      ];
    }
  }
  return out;
}

/** A secret given as base64 that must hold at least 32 random bytes (keys of digests and indexes). */
export function secretBytes(name: string, value: string | undefined, problems: string[]): Buffer | null {
  const text = value?.trim();
  if (!text) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < 32 || bytes.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, '')) {
    problems.push(
      `${name} must be at least 32 random bytes, base64-encoded (e.g. \`openssl rand -base64 32\`)`,
    );
    return null;
  }
  return bytes;
}

function parsePersonalData(
  env: Record<string, string | undefined>,
  keysRequired: boolean,
  problems: string[],
): ServiceConfig['personalData'] {
  const masterKeys = keyRing('PERSONAL_DATA_MASTER_KEYS', env.PERSONAL_DATA_MASTER_KEYS, problems);
  const indexSecret = secretBytes('PERSONAL_DATA_INDEX_KEY', env.PERSONAL_DATA_INDEX_KEY, problems);
  if (keysRequired && (masterKeys.length === 0 || !indexSecret)) {
    problems.push(
      'personal data is encrypted with keys of the deployment: set PERSONAL_DATA_MASTER_KEYS and PERSONAL_DATA_INDEX_KEY (the built-in keys exist only with CP_DEVELOPMENT=1)',
    );
  }
  const development = masterKeys.length === 0;
  return {
    masterKeys: development ? [{ kid: 'dev', key: DEV_MASTER_KEY }] : masterKeys,
    indexSecret: indexSecret ?? DEV_INDEX_KEY,
    development,
  };
}

/** `https://host[:port]` or `http://host[:port]`, exactly as a browser sends it in the Origin header. */
function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}

const DEV_SECRET = 'dev-only-secret-change-me';

/**
 * Tokens are verified against the OIDC issuer's JWKS (RS256/ES256); the shared-secret mode (HS256 with
 * JWT_SECRET) exists only in development mode, for tests and benchmarks that need no browser.
 */
function parseAuth(
  env: Record<string, string | undefined>,
  development: boolean,
  production: boolean,
  problems: string[],
): JwtConfig {
  const skew = Number(env.JWT_CLOCK_SKEW_SECONDS ?? 30);
  if (!Number.isFinite(skew) || skew < 0 || skew > 300) {
    problems.push('JWT_CLOCK_SKEW_SECONDS must be between 0 and 300');
  }
  const maxAgeSeconds = Number(env.JWT_MAX_AGE_SECONDS ?? 12 * 3600);
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 60 || maxAgeSeconds > 7 * 24 * 3600) {
    problems.push('JWT_MAX_AGE_SECONDS must be a whole number of seconds between 60 and 604800');
  }
  const issuer = env.OIDC_ISSUER?.trim();
  if (issuer) {
    const jwksUrl = env.OIDC_JWKS_URL?.trim() ?? '';
    try {
      const u = new URL(jwksUrl);
      if (production && u.protocol !== 'https:') problems.push('OIDC_JWKS_URL must be https in production');
    } catch {
      problems.push("OIDC_JWKS_URL must be the issuer's JWKS URL (its jwks_uri)");
    }
    if (production && !env.OIDC_AUDIENCE) problems.push('OIDC_AUDIENCE must be set in production');
    return {
      mode: 'oidc',
      issuer,
      jwksUrl,
      audience: env.OIDC_AUDIENCE || undefined,
      clockToleranceSeconds: skew,
      rolesClaim: env.OIDC_ROLES_CLAIM || undefined,
      unitsClaim: env.OIDC_UNITS_CLAIM || undefined,
      maxAgeSeconds,
    };
  }
  if (!development) {
    problems.push(
      'tokens are verified with an OIDC issuer: set OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE (the JWT_SECRET mode exists only with CP_DEVELOPMENT=1)',
    );
  }
  const secret = env.JWT_SECRET ?? DEV_SECRET;
  if (secret.length < 16) problems.push('JWT_SECRET must be at least 16 characters');
  return {
    mode: 'hs256',
    secret,
    issuer: env.JWT_ISSUER || undefined,
    clockToleranceSeconds: skew,
    maxAgeSeconds,
  };
}

/**
 * The service's own principal on the broker. Development mode falls back to the published development
 * password of the service's principal (libs/contracts/src/kafka-principals.json), which the local and Docker
 * brokers know; anywhere else the credentials must be given, and production refuses a published one. TLS is
 * on by default in production (KAFKA_TLS=false turns it off where the network is private).
 */
function parseServiceKafkaSecurity(
  service: ServiceConfig['service'],
  env: Record<string, string | undefined>,
  development: boolean,
  production: boolean,
  problems: string[],
): KafkaSecurity {
  const own = KAFKA_PRINCIPALS.services[service];
  const security = parseKafkaSecurity(
    env,
    development
      ? { username: own.username, password: own.developmentPassword, tls: false }
      : { tls: production },
    problems,
  );
  const published = [
    KAFKA_PRINCIPALS.admin.developmentPassword,
    ...Object.values(KAFKA_PRINCIPALS.services).map((p) => p.developmentPassword),
  ];
  if (production && published.includes(security.sasl.password)) {
    problems.push('KAFKA_SASL_PASSWORD is a published development password: production needs its own');
  }
  if (production && security.sasl.username === KAFKA_PRINCIPALS.admin.username) {
    problems.push(
      `KAFKA_SASL_USERNAME must be the service's own principal, not the broker's super user '${security.sasl.username}'`,
    );
  }
  return security;
}

/**
 * Replication of the topics a service creates. A single development broker holds one copy; elsewhere the
 * default is three copies of which two must have a write before acks=all succeeds, so one broker may be
 * lost without losing or refusing writes.
 */
export function parseKafkaDurability(
  env: Record<string, string | undefined>,
  development: boolean,
  problems: string[],
): Required<TopicDurability> {
  const replicationFactor = Number(env.KAFKA_REPLICATION_FACTOR ?? (development ? 1 : 3));
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > 32767)
    problems.push('KAFKA_REPLICATION_FACTOR must be a whole number of copies ≥ 1');
  const minInsyncReplicas = Number(
    env.KAFKA_MIN_INSYNC_REPLICAS ?? Math.max(1, Math.min(development ? 1 : 2, replicationFactor)),
  );
  if (!Number.isInteger(minInsyncReplicas) || minInsyncReplicas < 1)
    problems.push('KAFKA_MIN_INSYNC_REPLICAS must be a whole number of copies ≥ 1');
  else if (Number.isInteger(replicationFactor) && minInsyncReplicas > replicationFactor)
    problems.push(
      `KAFKA_MIN_INSYNC_REPLICAS (${minInsyncReplicas}) must not exceed KAFKA_REPLICATION_FACTOR (${replicationFactor}): every acks=all write would be refused`,
    );
  return { replicationFactor, minInsyncReplicas };
}
