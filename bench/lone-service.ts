import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KAFKA_PRINCIPALS } from '@cp/contracts';
import { createKafka, ensureTopics } from '@cp/messaging';
import { createLogger } from '@cp/observability';
import { testKafkaBrokers, testKafkaSecurity } from '@cp/testing';
import { deleteGroups, grantAcls, revokeAcls, stackAcls, startGroupsAtEnd } from '../tests/e2e/support/kafka';
import { E2E_LOG_ROOT, JWT_SECRET, ServiceProcess, freePort } from '../tests/e2e/support/stack';
import { freshDatabase } from './lib';

/**
 * One built service alone (dist/apps/<app>), on a free port with its own fresh database, as its own Kafka
 * principal. Its consumer groups start at the end of the shared topics, so no historical event reaches it
 * while it is measured; the topics it reads are created first (no other service runs to create them), and
 * its principal is granted its groups (the topics' ACLs are the broker's, from `npm run infra -- up`).
 * `stop` also drops the database, the groups and that grant.
 */
export async function startLoneService(
  app: 'intake' | 'casework',
  consumers: Array<{ name: string; topics: string[] }>,
): Promise<{ svc: ServiceProcess; stop: () => Promise<void> }> {
  const id = `bench-${app}-${randomUUID().slice(0, 8)}`;
  const prefix = `bench.${id}`;
  const brokers = testKafkaBrokers();
  // The group ids MessagingLifecycle derives: `<prefix>.<service>.<name>`.
  const groups = consumers.map((c) => ({ groupId: `${prefix}.${app}.${c.name}`, topics: c.topics }));
  await createTopicsRead(brokers, [...new Set(consumers.flatMap((c) => c.topics))]);
  const acls = stackAcls({ topicPrefix: '', groupPrefix: prefix, services: [app] }).filter(
    (g) => g.resourceType === 'GROUP',
  );
  await grantAcls(brokers, acls);
  await startGroupsAtEnd(brokers, groups);
  const db = await freshDatabase(app);
  const logDir = path.join(E2E_LOG_ROOT, id);
  fs.mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const svc = new ServiceProcess(app, port, db, path.join(logDir, `${app}.log`), {
    PORT: String(port),
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_SASL_USERNAME: app,
    KAFKA_SASL_PASSWORD: KAFKA_PRINCIPALS.services[app].developmentPassword,
    JWT_SECRET,
    CP_DEVELOPMENT: '1', // shared-secret tokens and the published development keys
    CONSUMER_GROUP_PREFIX: prefix,
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0', // measured at full speed: no per-user limit
  });
  const stop = async () => {
    try {
      await svc.stop();
    } finally {
      await deleteGroups(
        brokers,
        groups.map((g) => g.groupId),
      ).catch(() => undefined);
      await revokeAcls(brokers, acls).catch(() => undefined);
      await db.drop();
    }
  };
  try {
    await svc.start();
  } catch (err) {
    await svc.kill();
    await stop();
    throw err;
  }
  return { svc, stop };
}

/** Creates the topics a lone service reads, as the super user: the services that write them are not running. */
async function createTopicsRead(brokers: string[], topics: string[]): Promise<void> {
  const admin = createKafka(
    brokers,
    'bench-setup',
    createLogger('bench', 'error'),
    testKafkaSecurity(),
  ).admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      topics.map((topic) => ({ topic })),
    );
  } finally {
    await admin.disconnect();
  }
}
