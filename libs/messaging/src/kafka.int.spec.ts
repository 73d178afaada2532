import type { Admin } from 'kafkajs';
import { createLogger } from '@cp/observability';
// Test infrastructure only (the tag rules forbid data-access → testing for production code).
import { testKafkaBrokers, testKafkaSecurity, uniqueName } from '@cp/testing';
import { createKafka, ensureTopics } from './kafka';

jest.setTimeout(60000);

let admin: Admin;
const created: string[] = [];

beforeAll(async () => {
  admin = createKafka(
    testKafkaBrokers(),
    'test',
    createLogger('test', 'silent'),
    testKafkaSecurity(),
  ).admin();
  await admin.connect();
});

afterAll(async () => {
  if (created.length) await admin.deleteTopics({ topics: created }).catch(() => undefined);
  await admin.disconnect();
});

async function topicConfig(topic: string): Promise<Record<string, string>> {
  const { resources } = await admin.describeConfigs({
    resources: [{ type: 2 /* TOPIC */, name: topic }],
    includeSynonyms: false,
  });
  return Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e.configValue]));
}

describe('the topics a service creates', () => {
  it('keep events forever, with the replication and min.insync.replicas it is configured with', async () => {
    const topic = uniqueName('t.durability');
    created.push(topic, `${topic}.dlq`);
    await ensureTopics(admin, [{ topic, partitions: 2 }], { replicationFactor: 1, minInsyncReplicas: 1 });
    const [meta] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(meta.partitions).toHaveLength(2);
    expect(meta.partitions.every((p) => p.replicas.length === 1)).toBe(true);
    expect(await topicConfig(topic)).toMatchObject({
      'retention.ms': '-1',
      'retention.bytes': '-1',
      'min.insync.replicas': '1',
    });
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([topic, `${topic}.dlq`]));
  });

  it('are only those asked for when the dead-letter topic is someone else’s to create', async () => {
    const topic = uniqueName('t.no-dlq');
    created.push(topic);
    await ensureTopics(admin, [{ topic, withDeadLetter: false }]);
    const names = await admin.listTopics();
    expect(names).toContain(topic);
    expect(names).not.toContain(`${topic}.dlq`);
  });

  it('are refused with the settings named when the cluster cannot hold that many copies', async () => {
    const topic = uniqueName('t.too-many-copies');
    await expect(
      ensureTopics(admin, [{ topic, withDeadLetter: false }], { replicationFactor: 3, minInsyncReplicas: 2 }),
    ).rejects.toThrow(
      new RegExp(
        `could not create ${topic} \\(replication factor 3, min.insync.replicas 2\\): .*INVALID_REPLICATION_FACTOR`,
      ),
    );
    expect(await admin.listTopics()).not.toContain(topic);
  });
});
