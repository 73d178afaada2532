import { execSync } from 'node:child_process';
import { tcpAnswers, testDatabaseServerUrl, testKafkaBrokers } from './infra';

/**
 * Integration and end-to-end tests run against a real PostgreSQL and a real Kafka broker. Where a Docker
 * engine answers and nothing is configured, Testcontainers starts both; otherwise the servers started
 * by `npm run infra -- up` (or DATABASE_URL / KAFKA_BROKERS) are used. Tests never skip for want of
 * infrastructure: they fail here with what to do.
 */
export default async function globalSetup(): Promise<void> {
  const pgUrl = new URL(testDatabaseServerUrl());
  const pgHostPort = `${pgUrl.hostname}:${pgUrl.port || '5432'}`;
  const broker = testKafkaBrokers()[0];
  let pgUp = await tcpAnswers(pgHostPort);
  let kafkaUp = await tcpAnswers(broker);
  if ((!pgUp || !kafkaUp) && dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { KafkaContainer } = await import('@testcontainers/kafka');
    if (!pgUp) {
      const pg = await new PostgreSqlContainer('postgres:17').start();
      process.env.DATABASE_URL = pg.getConnectionUri();
      pgUp = true;
    }
    if (!kafkaUp) {
      const kafka = await new KafkaContainer('apache/kafka:4.1.1').withKraft().start();
      process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
      kafkaUp = true;
    }
  }
  const missing: string[] = [];
  if (!pgUp) missing.push(`PostgreSQL at ${pgHostPort}`);
  if (!kafkaUp) missing.push(`Kafka at ${broker}`);
  if (missing.length) {
    throw new Error(
      `${missing.join(' and ')} did not answer. Start them with \`npm run infra -- up\` ` +
        '(or set DATABASE_URL / KAFKA_BROKERS, or run a Docker engine for Testcontainers).',
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
