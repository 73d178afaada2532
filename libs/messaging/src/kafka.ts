import { Kafka, Partitioners, logLevel, type Admin, type ITopicConfig, type ProducerConfig } from 'kafkajs';
import { deadLetterTopic } from '@cp/contracts';
import type { Logger } from '@cp/observability';

export function createKafka(brokers: string[], clientId: string, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        if (level <= logLevel.ERROR) log.error(rest, message);
        else if (level === logLevel.WARN) log.warn(rest, message);
        else log.debug(rest, message);
      },
  });
}

export interface TopicSpec {
  topic: string;
  partitions?: number;
}

/**
 * Creates the topics of record and their dead-letter topics if missing. Topics of record are kept
 * forever (ARCHITECTURE §2 rule 8) so read models can be rebuilt from offset zero.
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[], replicationFactor = 1): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const wanted: ITopicConfig[] = [];
  for (const s of specs) {
    for (const topic of [s.topic, deadLetterTopic(s.topic)]) {
      if (existing.has(topic) || wanted.some((w) => w.topic === topic)) continue;
      wanted.push({
        topic,
        numPartitions: s.partitions ?? 3,
        replicationFactor,
        configEntries: [
          { name: 'retention.ms', value: '-1' },
          { name: 'retention.bytes', value: '-1' },
        ],
      });
    }
  }
  if (wanted.length === 0) return;
  try {
    await admin.createTopics({ topics: wanted, waitForLeaders: true });
  } catch (err) {
    // Another instance may have created them at the same moment.
    if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw err;
  }
}

/**
 * ARCHITECTURE §2 rule 6: idempotent, one request in flight (kafkajs can reorder retries otherwise),
 * acks=all on every send, no topic auto-creation.
 */
export const SAFE_PRODUCER: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};
