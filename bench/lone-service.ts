import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { testKafkaBrokers } from '@cp/testing';
import { deleteGroups, startGroupsAtEnd } from '../tests/e2e/support/kafka';
import { E2E_LOG_ROOT, JWT_SECRET, ServiceProcess, freePort } from '../tests/e2e/support/stack';
import { freshDatabase } from './lib';

/**
 * One built service alone (dist/apps/<app>), on a free port with its own fresh database. Its consumer
 * groups start at the end of the shared topics, so no historical event reaches it while it is measured;
 * `stop` also drops the database and the groups.
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
  await startGroupsAtEnd(brokers, groups);
  const db = await freshDatabase(app);
  const logDir = path.join(E2E_LOG_ROOT, id);
  fs.mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const svc = new ServiceProcess(app, port, db, path.join(logDir, `${app}.log`), {
    PORT: String(port),
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
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
