import { execSync } from 'node:child_process';
import { tcpAnswers, testDatabaseServerUrl, testKafkaBrokers } from './infra';

/**
 * Integration and end-to-end tests run against a real PostgreSQL and a real Kafka broker. Where a Docker
 * engine answers and PostgreSQL is not reachable, Testcontainers starts it; otherwise the servers started
 * by `npm run infra -- up` (or DATABASE_URL / KAFKA_BROKERS) are used. The broker must authenticate its
 * clients and enforce ACLs as the deployment does (docs/kafka-security.md), which a bare Testcontainers
 * broker does not: `npm run infra -- up` starts one that does (Docker Compose or the local broker). Tests
 * never skip for want of infrastructure: they fail here with what to do.
 */
export default async function globalSetup(): Promise<void> {
  const pgUrl = new URL(testDatabaseServerUrl());
  const pgHostPort = `${pgUrl.hostname}:${pgUrl.port || '5432'}`;
  const broker = testKafkaBrokers()[0];
  let pgUp = await tcpAnswers(pgHostPort);
  const kafkaUp = await tcpAnswers(broker);
  if (!pgUp && dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:17').start();
    process.env.DATABASE_URL = pg.getConnectionUri();
    pgUp = true;
  }
  const missing: string[] = [];
  if (!pgUp) missing.push(`PostgreSQL at ${pgHostPort}`);
  if (!kafkaUp) missing.push(`Kafka at ${broker} (with SASL/SCRAM and ACLs)`);
  if (missing.length) {
    throw new Error(
      `${missing.join(' and ')} did not answer. Start them with \`npm run infra -- up\` ` +
        '(or set DATABASE_URL / KAFKA_BROKERS; with a Docker engine Testcontainers starts PostgreSQL).',
    );
  }
}

function dockerAnswers(): boolean {
  try {
    execSync('docker info', { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
