/** The typed configuration of one service, validated at boot (STYLE rule 9). */
export interface ServiceConfig {
  service: 'intake' | 'casework' | 'reporting';
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaPartitions: number;
  jwtSecret: string;
  jwtIssuer?: string;
  logLevel: string;
  production: boolean;
  /** Prefix of consumer group ids, so parallel test stacks on one broker never share a group. */
  consumerGroupPrefix: string;
  /** Outbox relay poll interval (fallback to LISTEN/NOTIFY). */
  outboxPollMs: number;
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
  const databaseUrl = env.DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${defaults.database}`;
  try {
    new URL(databaseUrl);
  } catch {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET ?? (production ? '' : 'dev-only-secret-change-me');
  if (jwtSecret.length < 16) problems.push('JWT_SECRET must be set (at least 16 characters)');
  if (production && jwtSecret === 'dev-only-secret-change-me')
    problems.push('JWT_SECRET must not be the development secret in production');
  const partitions = Number(env.KAFKA_PARTITIONS ?? 3);
  if (!Number.isInteger(partitions) || partitions < 1)
    problems.push('KAFKA_PARTITIONS must be a positive integer');
  if (problems.length) throw new ConfigError(`${service}: invalid configuration: ${problems.join('; ')}`);
  return {
    service,
    port,
    databaseUrl,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    kafkaPartitions: partitions,
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    production,
    consumerGroupPrefix: env.CONSUMER_GROUP_PREFIX ?? 'cp',
    outboxPollMs: Number(env.OUTBOX_POLL_MS ?? 500),
  };
}
