// Kafka helpers for the end-to-end tests: read whole topics with a throw-away consumer group, position
// a new stack's consumer groups, grant a stack's services their ACLs, and run a DEDICATED single-node KRaft
// broker (for fault tests that stop the broker; the shared broker on :9092 is never touched).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
  logLevel,
  type Admin,
} from 'kafkajs';
import { KAFKA_PRINCIPALS, type IntegrationEnvelope, type ServiceName } from '@cp/contracts';
import { isSealed, kafkaClientAuth, type KafkaSecurity } from '@cp/messaging';
import { SEALED_TOPIC_KEYS, parseTopicKeys, topicSeal } from '@cp/platform';
import { testKafkaSecurity } from '@cp/testing';
import { ROOT, freePort, settlesWithin, sleep, trackChild } from './proc';

/**
 * A client with little logging, as the broker's super user (testKafkaSecurity) unless `as` names another
 * principal — a service's, to see what the broker lets that service do.
 */
export function quietKafka(brokers: string[], clientId = 'cp-e2e', as?: KafkaSecurity): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...kafkaClientAuth(as ?? testKafkaSecurity()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 200 },
  });
}

/** A service's own principal with its published development password (what the harness starts it with). */
export function serviceSecurity(service: ServiceName, password?: string): KafkaSecurity {
  const p = KAFKA_PRINCIPALS.services[service];
  const admin = testKafkaSecurity();
  return {
    sasl: {
      mechanism: admin.sasl.mechanism,
      username: p.username,
      password: password ?? p.developmentPassword,
    },
    tls: admin.tls,
  };
}

async function withAdmin<T>(brokers: string[], fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = quietKafka(brokers).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Commits, for consumer groups that do not exist yet, the current end of each (existing) topic, so the
 * group starts with what is produced from now on instead of the whole history (`fromBeginning` only
 * applies to a group without committed offsets).
 */
export async function startGroupsAtEnd(
  brokers: string[],
  groups: Array<{ groupId: string; topics: string[] }>,
): Promise<void> {
  const ends = new Map<string, Array<{ partition: number; offset: string }>>();
  await withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const wanted = new Set(groups.flatMap((g) => g.topics).filter((t) => existing.has(t)));
    for (const topic of wanted) {
      ends.set(
        topic,
        (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: o.high })),
      );
    }
  });
  // admin.setOffsets joins the group with a 5 s fetch wait per call; a short-lived member of our own that
  // commits and leaves takes milliseconds. (Topics the services create later have no history to skip.)
  const kafka = quietKafka(brokers);
  await Promise.all(
    groups.map(async (g) => {
      const topics = g.topics.filter((t) => ends.has(t));
      if (topics.length === 0) return;
      const consumer = kafka.consumer({
        groupId: g.groupId,
        maxWaitTimeInMs: 50,
        allowAutoTopicCreation: false,
      });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.connect();
      try {
        await consumer.subscribe({ topics, fromBeginning: false });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async () => undefined,
        });
        if (!(await settlesWithin(joined, 30_000)))
          throw new Error(`could not join consumer group ${g.groupId}`);
        await consumer.commitOffsets(
          topics.flatMap((topic) =>
            ends.get(topic)!.map((p) => ({ topic, partition: p.partition, offset: p.offset })),
          ),
        );
      } finally {
        await consumer.disconnect();
      }
    }),
  );
}

// ───────────────────────────── a stack's ACLs ─────────────────────────────

export interface AclGrant {
  principal: string;
  resourceType: 'TOPIC' | 'GROUP';
  resourceName: string;
  patternType: 'LITERAL' | 'PREFIXED';
  operation: 'READ' | 'WRITE' | 'CREATE' | 'DELETE';
}

/**
 * The ACLs of kafka-principals.json for one stack: each service's topics under the stack's topic prefix
 * (LITERAL: a pattern cannot say "any stack's copy of this topic") and its groups under the stack's group
 * prefix (PREFIXED `<groupPrefix>.<service>.`, which covers a rebuild's one-off groups too).
 */
export function stackAcls(opts: {
  topicPrefix: string;
  groupPrefix: string;
  services?: readonly ServiceName[];
}): AclGrant[] {
  const grants: AclGrant[] = [];
  for (const service of opts.services ?? (['intake', 'casework', 'reporting'] as const)) {
    const p = KAFKA_PRINCIPALS.services[service];
    const principal = `User:${p.username}`;
    for (const [topic, ops] of Object.entries(p.topics)) {
      for (const operation of ops) {
        grants.push({
          principal,
          resourceType: 'TOPIC',
          resourceName: `${opts.topicPrefix}${topic}`,
          patternType: 'LITERAL',
          operation,
        });
      }
    }
    for (const operation of p.groups) {
      grants.push({
        principal,
        resourceType: 'GROUP',
        resourceName: `${opts.groupPrefix}.${service}.`,
        patternType: 'PREFIXED',
        operation,
      });
    }
  }
  return grants;
}

const aclBinding = (g: AclGrant) => ({
  resourceType: AclResourceTypes[g.resourceType],
  resourceName: g.resourceName,
  resourcePatternType: ResourcePatternTypes[g.patternType],
  principal: g.principal,
  host: '*',
  operation: AclOperationTypes[g.operation],
  permissionType: AclPermissionTypes.ALLOW,
});

const aclKey = (
  r: { resourceType: number; resourceName: string; resourcePatternType: number },
  a: { principal: string; operation: number },
) => [r.resourceType, r.resourceName, r.resourcePatternType, a.principal, a.operation].join('|');

/**
 * Creates the ACLs (as the super user) and waits until the broker enforces them, so a service started
 * next is not refused what it was just granted.
 */
export async function grantAcls(brokers: string[], grants: AclGrant[]): Promise<void> {
  const bindings = grants.map(aclBinding);
  await withAdmin(brokers, async (admin) => {
    await admin.createAcls({ acl: bindings });
    const wanted = new Set(bindings.map((b) => aclKey(b, b)));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { resources } = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ALLOW,
      });
      for (const r of resources) for (const a of r.acls) wanted.delete(aclKey(r, a));
      if (wanted.size === 0) return;
      if (Date.now() > deadline) throw new Error(`ACLs not in force after 30 s: ${[...wanted].join(', ')}`);
      await sleep(100);
    }
  });
}

/** Deletes exactly these ACLs (best effort is the caller's choice). */
export async function revokeAcls(brokers: string[], grants: AclGrant[]): Promise<void> {
  if (grants.length === 0) return;
  await withAdmin(brokers, async (admin) => {
    await admin.deleteAcls({ filters: grants.map(aclBinding) });
  });
}

export async function deleteGroups(brokers: string[], groupIds: string[]): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    await admin.deleteGroups(groupIds).catch(() => undefined);
  });
}

/** The offsets a consumer group has committed on a topic, by partition (0 where it has committed none). */
export async function committedOffsets(
  brokers: string[],
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  return withAdmin(brokers, async (admin) => {
    const [found] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map(
      (found?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset) < 0n ? 0n : BigInt(p.offset)]),
    );
  });
}

/** Deletes every topic whose name starts with `prefix` (a stack's own topics and their dead-letter topics). */
export async function deleteTopics(brokers: string[], prefix: string): Promise<void> {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  await withAdmin(brokers, async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics });
  });
}

export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The value as UTF-8 text, exactly as stored on the broker. */
  value: string;
  headers: Record<string, string>;
  /**
   * The value as its producer wrote it: a sealed topic's message opened with the development key rings
   * the test stacks run with (the broker only ever holds `value`); null when the value is no JSON.
   */
  opened: string | null;
  /** The event type of the opened message. */
  type: string | undefined;
}

const developmentSeal = topicSeal(parseTopicKeys({ CP_DEVELOPMENT: '1' }, true, []));

/** A message of a stack's topic (or its dead-letter topic) opened as the stack's consumers open it. */
function openMessage(topic: string, value: string): { opened: string | null; type: string | undefined } {
  let parsed: IntegrationEnvelope;
  try {
    parsed = JSON.parse(value) as IntegrationEnvelope;
  } catch {
    return { opened: null, type: undefined };
  }
  const base = topic.replace(/\.dlq$/, '');
  const ofRecord = Object.keys(SEALED_TOPIC_KEYS).find((t) => base.endsWith(t));
  const envelope = ofRecord && isSealed(parsed) ? developmentSeal.open(ofRecord, parsed) : parsed;
  return { opened: JSON.stringify(envelope), type: envelope?.type };
}

/**
 * Every message of `topics` from offset zero up to the end as it is when called, read with a unique
 * consumer group that is deleted afterwards.
 */
export async function readTopics(
  brokers: string[],
  topics: string[],
  timeoutMs = 60_000,
): Promise<RawMessage[]> {
  const kafka = quietKafka(brokers);
  const targets = new Map<string, bigint>(); // "topic/partition" → last offset to read
  await withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics) {
      if (!existing.has(topic)) continue;
      for (const o of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(o.high) > BigInt(o.low)) targets.set(`${topic}/${o.partition}`, BigInt(o.high) - 1n);
      }
    }
  });
  const messages: RawMessage[] = [];
  if (targets.size === 0) return messages;
  const groupId = `e2e.scan.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  const pending = new Set(targets.keys());
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.connect();
  try {
    await consumer.subscribe({
      topics: [...new Set([...targets.keys()].map((k) => k.split('/')[0]))],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const k = `${topic}/${partition}`;
        const last = targets.get(k);
        if (last === undefined || BigInt(message.offset) > last) return;
        const headers: Record<string, string> = {};
        for (const [h, v] of Object.entries(message.headers ?? {})) {
          if (v !== undefined) headers[h] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
        }
        const value = message.value?.toString('utf8') ?? '';
        messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          headers,
          ...openMessage(topic, value),
        });
        if (BigInt(message.offset) >= last) {
          pending.delete(k);
          if (pending.size === 0) done();
        }
      },
    });
    const timedOut = !(await settlesWithin(finished, timeoutMs));
    if (timedOut)
      throw new Error(
        `reading ${topics.join(', ')} timed out; partitions not read to the end: ${[...pending].join(', ')}`,
      );
  } finally {
    await consumer.disconnect();
    await deleteGroups(brokers, [groupId]);
  }
  return messages;
}

// ───────────────────────────── a dedicated broker ─────────────────────────────

function kafkaVersion(): string {
  const pom = fs.readFileSync(path.join(ROOT, 'tools', 'kafka', 'pom.xml'), 'utf8');
  const m = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom);
  if (!m) throw new Error('cannot read <kafka.version> from tools/kafka/pom.xml');
  return m[1];
}

/** The broker jars cached by `node scripts/infra.mjs up` (same place and rule as the script). */
export function kafkaLibsDir(): string {
  const cache = process.env.CP_CACHE_DIR || path.join(os.homedir(), '.cache', 'child-protection');
  const libs = path.join(cache, `kafka-${kafkaVersion()}`, 'libs');
  if (!fs.existsSync(libs)) {
    throw new Error(`Kafka jars not found in ${libs}; run \`node scripts/infra.mjs up\` once to fetch them.`);
  }
  return libs;
}

/**
 * The security lines of a development broker's server.properties (the same as scripts/infra.mjs writes):
 * SCRAM-SHA-512 on the client listener, which is also the inter-broker one (as the admin); SASL/PLAIN as
 * the admin on the loopback controller listener (KRaft cannot check SCRAM there: the credentials live in
 * the metadata that listener serves); ACLs enforced, nothing allowed without one, the admin super user.
 */
function saslServerProperties(): string {
  const { username, developmentPassword: password } = KAFKA_PRINCIPALS.admin;
  return `sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${username}" password="${password}" user_${username}="${password}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:${username}
allow.everyone.if.no.acl.found=false`;
}

const javaBin = () => (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/** Kafka's Uuid text form: 16 random bytes as URL-safe base64 without padding, never starting with '-'. */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * The SCRAM users a development broker is formatted with: its super user and every service's principal,
 * with their published development passwords (kafka-principals.json), as scripts/infra.mjs formats the
 * local broker.
 */
export function developmentScramUsers(): string[] {
  return [KAFKA_PRINCIPALS.admin, ...Object.values(KAFKA_PRINCIPALS.services)].flatMap((p) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${p.username},password=${p.developmentPassword}]`,
  ]);
}

/**
 * A single-node Apache Kafka (KRaft, combined broker+controller) in a temp directory, on free ports,
 * secured as the local broker of scripts/infra.mjs is: clients authenticate with SASL/SCRAM-SHA-512, the
 * StandardAuthorizer denies what no ACL allows, and the admin is its super user (the stacks started on it
 * grant their services' ACLs). `stop()` and `start()` again reuse the same log directory, so topics,
 * offsets, groups, users and ACLs survive.
 */
export class DedicatedKafkaBroker {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private alive = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly controllerPort: number,
    readonly clusterId: string,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  get running(): boolean {
    return this.alive;
  }

  private get props(): string {
    return path.join(this.dir, 'server.properties');
  }

  private jvmLogArgs(): string[] {
    return [
      `-Dlog4j2.configurationFile=${path.join(ROOT, 'tools', 'kafka', 'log4j2.xml')}`,
      `-Dkafka.logs.dir=${path.join(this.dir, 'logs')}`,
    ];
  }

  /** Writes server.properties, formats the storage and starts the broker. */
  static async create(label = 'e2e'): Promise<DedicatedKafkaBroker> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cp-kafka-${label}-`));
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    const broker = new DedicatedKafkaBroker(dir, port, controllerPort, randomClusterId());
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    fs.writeFileSync(
      broker.props,
      `# Dedicated single-node KRaft broker for an end-to-end fault test (tests/e2e/support/kafka.ts).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=SASL_PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
${saslServerProperties()}
log.dirs=${path.join(dir, 'data')}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
`,
    );
    const r = spawnSync(
      javaBin(),
      [
        ...broker.jvmLogArgs(),
        '-cp',
        path.join(kafkaLibsDir(), '*'),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        broker.clusterId,
        '-c',
        broker.props,
        ...developmentScramUsers(),
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`kafka.tools.StorageTool format failed (exit ${r.status}): ${r.stdout}${r.stderr}`);
    }
    await broker.start();
    return broker;
  }

  /** Starts the broker on the existing log directory and waits until it serves metadata. */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.alive) return;
    const out = fs.openSync(path.join(this.dir, 'kafka.out'), 'a');
    fs.writeSync(out, `\n===== e2e: starting kafka.Kafka at ${new Date().toISOString()}\n`);
    const child = spawn(
      javaBin(),
      [
        '-Xmx512m',
        '-Xms128m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Djava.awt.headless=true',
        ...this.jvmLogArgs(),
        '-cp',
        path.join(kafkaLibsDir(), '*'),
        'kafka.Kafka',
        this.props,
      ],
      { cwd: this.dir, stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    this.child = child;
    this.alive = true;
    trackChild(child);
    this.exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        this.alive = false;
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive)
        throw new Error(`the dedicated Kafka broker exited during start-up:\n${this.logTail()}`);
      if (await this.ready()) return;
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(
          `the dedicated Kafka broker was not ready within ${timeoutMs} ms:\n${this.logTail()}`,
        );
      }
      await sleep(300);
    }
  }

  /** Answers Metadata with itself registered (a KRaft broker lists itself once unfenced). */
  async ready(): Promise<boolean> {
    const admin = new Kafka({
      clientId: 'cp-e2e-probe',
      brokers: this.brokers,
      ...kafkaClientAuth(testKafkaSecurity()),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 2000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** SIGTERM (controlled shutdown) and wait for the process to exit; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.alive || !this.child) return;
    this.child.kill('SIGTERM');
    const stopped = await settlesWithin(this.exited, timeoutMs);
    if (!stopped) await this.kill();
  }

  async kill(): Promise<void> {
    if (!this.alive || !this.child) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the broker and deletes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(lines = 25): string {
    const read = (f: string) => {
      try {
        return fs.readFileSync(path.join(this.dir, f), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(none)';
      }
    };
    return `--- kafka.out\n${read('kafka.out')}\n--- logs/server.log\n${read('logs/server.log')}`;
  }
}
