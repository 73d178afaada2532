import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { IntegrationEnvelope } from '@cp/contracts';
import { createKafka, ensureTopics } from '@cp/messaging';
import type { Logger } from '@cp/observability';
import { testKafkaBrokers } from './infra';
import { testKafkaSecurity } from './kafka-security';

/**
 * A Kafka client of the test brokers (as the tests' own principal) and its admin, connected; `topics`, if
 * any, are created with three partitions each (and their dead-letter topics).
 */
export async function connectTestKafka(
  logger: Logger,
  topics: string[] = [],
): Promise<{ kafka: Kafka; admin: Admin }> {
  const kafka = createKafka(testKafkaBrokers(), 'test', logger, testKafkaSecurity());
  const admin = kafka.admin();
  await admin.connect();
  if (topics.length) {
    await ensureTopics(
      admin,
      topics.map((topic) => ({ topic, partitions: 3 })),
    );
  }
  return { kafka, admin };
}

/** The envelope of a made-up event (TestHappened, version 1 of aggregate a-1, by casework) carrying `data`. */
export function testEnvelope(
  data: Record<string, unknown>,
  over: Partial<IntegrationEnvelope> = {},
): IntegrationEnvelope {
  return {
    eventId: randomUUID(),
    type: 'TestHappened',
    schemaVersion: 1,
    aggregateId: 'a-1',
    aggregateVersion: 1,
    occurredAt: new Date().toISOString(),
    producer: 'casework',
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'u-1', roles: ['tester'], unit: 'VN' },
    data,
    ...over,
  };
}
