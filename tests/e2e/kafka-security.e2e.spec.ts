// The broker's security, end to end, on the shared broker with a stack of the three built services: every
// client authenticates (SASL/SCRAM) as its own principal and may do only what its ACLs grant
// (libs/contracts/src/kafka-principals.json, granted for this stack's topics and groups by the harness):
//   - a service with a wrong password is refused by the broker and exits at once, saying so;
//   - no service can write another's topic, so none can forge a message in another's name, and a message
//     whose envelope names another producer than its topic's is dead-lettered, not applied;
//   - no service can read a topic it does not consume, nor join another service's consumer group.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { TOPICS, deadLetterTopic, type IntegrationEnvelope } from '@cp/contracts';
import { PayloadSeal, SAFE_PRODUCER, kafkaClientAuth } from '@cp/messaging';
import { createTestDatabase, eventually } from '@cp/testing';
import { deleteGroups, quietKafka, serviceSecurity } from './support/kafka';
import { settlesWithin } from './support/proc';
import { JWT_SECRET, ServiceProcess, Stack, freePort, type AppName } from './support/stack';

jest.setTimeout(180_000);

let stack: Stack;
const clients: Kafka[] = [];
const consumers: Consumer[] = [];

beforeAll(async () => {
  stack = await Stack.start({ name: 'kafka-security' });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(consumers.map((c) => c.disconnect()));
  await stack?.stop();
});

/** A client authenticated as `service`'s principal (its development password unless another is given). */
function as(service: AppName, password?: string): Kafka {
  const kafka = quietKafka(
    stack.kafkaBrokers,
    `kafka-security-${service}`,
    serviceSecurity(service, password),
  );
  clients.push(kafka);
  return kafka;
}

/** What a rejected promise says: the kafkajs error's name, type and message. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { name?: string; type?: string; message?: string };
    return `${e.name} ${e.type ?? ''} ${e.message}`;
  }
  return 'allowed';
}

/** Sends one message as `service` (an idempotent, acks=all producer like the services' own). */
async function sendAs(service: AppName, topic: string, value: string): Promise<void> {
  const producer = as(service).producer({ ...SAFE_PRODUCER, retry: { retries: 1 } });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: randomUUID(), value }] });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads `topic` as `service` in the consumer group `groupId`. Resolves with 'fetched' once the broker
 * answered a fetch, or with what refused it: the consumer's crash and the errors its client logged (kafkajs
 * reports a group the principal may not use as "Failed to find group coordinator"; the broker's reason,
 * GROUP_AUTHORIZATION_FAILED, is in its debug log).
 */
async function readAs(service: AppName, groupId: string, topic: string): Promise<string> {
  const logged: string[] = [];
  const kafka = new Kafka({
    clientId: `kafka-security-${service}`,
    brokers: stack.kafkaBrokers,
    ...kafkaClientAuth(serviceSecurity(service)),
    retry: { retries: 1, initialRetryTime: 100 },
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      const err = entry.log.error as { type?: string; message?: string } | string | undefined;
      if (err) logged.push(typeof err === 'string' ? err : `${err.type ?? ''} ${err.message ?? ''}`);
    },
  });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, retry: { retries: 1 } });
  consumers.push(consumer);
  const outcome = new Promise<string>((resolve) => {
    consumer.on(consumer.events.FETCH, () => resolve('fetched'));
    consumer.on(consumer.events.CRASH, (e) => {
      const err = e.payload.error as { name?: string; type?: string; message?: string };
      resolve(`${err.name} ${err.type ?? ''} ${err.message}`);
    });
  });
  const started = await refusal(
    (async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
    })(),
  );
  const result =
    started !== 'allowed'
      ? started
      : (await settlesWithin(outcome, 30_000))
        ? await outcome
        : 'no answer within 30 s';
  await consumer.disconnect().catch(() => undefined);
  return [result, ...new Set(logged)].join(' | ');
}

const DENIED_TOPIC = /TOPIC_AUTHORIZATION_FAILED|Topic authorization failed/;
const DENIED_GROUP = /GROUP_AUTHORIZATION_FAILED|Group authorization failed/;

describe('a client with a wrong password', () => {
  it('is refused by the broker: kafkajs reports a SASL authentication failure', async () => {
    const kafka = as('intake', 'not-the-password');
    const admin = kafka.admin();
    const said = await refusal(admin.connect());
    expect(said).toMatch(/KafkaJSSASLAuthenticationError/);
    expect(said).toMatch(/SCRAM SHA512 authentication failed/);
  });

  it('is a service that does not start: it exits at once, saying the broker refused its credentials', async () => {
    const db = await createTestDatabase('e2e_kafka_wrong_password');
    const port = await freePort();
    const svc = new ServiceProcess('intake', port, db, path.join(stack.logDir, 'intake-wrong-password.log'), {
      PORT: String(port),
      DATABASE_URL: db.url,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      KAFKA_SASL_USERNAME: 'intake',
      KAFKA_SASL_PASSWORD: 'not-the-password',
      JWT_SECRET,
      CP_DEVELOPMENT: '1',
      CONSUMER_GROUP_PREFIX: stack.consumerGroupPrefix,
      KAFKA_TOPIC_PREFIX: stack.topicPrefix,
    });
    const t0 = Date.now();
    try {
      await expect(svc.start()).rejects.toThrow(/intake exited during start-up \(code 1/);
    } finally {
      await svc.kill();
      await db.drop();
    }
    expect(Date.now() - t0).toBeLessThan(45_000);
    const log = svc.logText();
    expect(log).toMatch(/intake failed to start: Kafka at .* refused the credentials of intake/);
    expect(log).toMatch(/SASL_PLAINTEXT, SCRAM-SHA-512 as 'intake'/);
    expect(log).toMatch(/Check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/);
    expect(log).not.toContain('not-the-password');
  });
});

describe('writing another service’s topic', () => {
  it('is refused: reporting cannot write intake’s contacts, intake cannot write casework’s cases or reads', async () => {
    const forged = JSON.stringify({ eventId: randomUUID(), type: 'ReportReferred', producer: 'intake' });
    expect(await refusal(sendAs('reporting', stack.topic(TOPICS.intakeContacts), forged))).toMatch(
      DENIED_TOPIC,
    );
    expect(await refusal(sendAs('intake', stack.topic(TOPICS.caseworkCases), forged))).toMatch(DENIED_TOPIC);
    expect(await refusal(sendAs('intake', stack.topic(TOPICS.caseworkAuditAccess), forged))).toMatch(
      DENIED_TOPIC,
    );
    expect(await refusal(sendAs('casework', stack.topic(TOPICS.intakeAuditAccess), forged))).toMatch(
      DENIED_TOPIC,
    );
  });

  it('is refused while writing what its grants allow works (the control: a dead-letter topic it writes)', async () => {
    await expect(
      sendAs('intake', deadLetterTopic(stack.topic(TOPICS.caseworkCases)), 'a dead letter'),
    ).resolves.toBeUndefined();
  });

  it('cannot be done by naming another producer in the envelope: the consumer dead-letters the message', async () => {
    // intake may write its own topic; a message there that says it comes from casework is not casework's.
    const caseId = randomUUID();
    const envelope: IntegrationEnvelope = {
      eventId: randomUUID(),
      type: 'CaseOpened',
      schemaVersion: 1,
      aggregateId: caseId,
      aggregateVersion: 1,
      occurredAt: new Date().toISOString(),
      producer: 'casework',
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'forger', roles: ['commune_chair'], unit: '00004' },
      data: { caseId, communeCode: '00004', provinceCode: '01', status: 'open' },
    };
    await sendAs('intake', stack.topic(TOPICS.intakeContacts), JSON.stringify(envelope));
    const deadLetter = await eventually(
      async () =>
        (
          await stack.reporting.query<{ topic: string; error: string }>(
            `SELECT topic, error FROM msg_dead_letters WHERE event_id = $1`,
            [envelope.eventId],
          )
        )[0],
      { timeoutMs: 30_000, intervalMs: 250, what: 'reporting to dead-letter the forged message' },
    );
    expect(deadLetter).toEqual({
      topic: stack.topic(TOPICS.intakeContacts),
      error: expect.stringMatching(/claims to come from "casework", but only intake may write that topic/),
    });
    const copied = await stack.reporting.query(`SELECT 1 FROM rm_events WHERE event_id = $1`, [
      envelope.eventId,
    ]);
    expect(copied).toEqual([]);
  });

  it('cannot be done with a sealed message its topic’s keys do not open: the consumer dead-letters it', async () => {
    // The topics of record travel sealed under their topic's key (docs/privacy.md): a message sealed under
    // another key, or whose ciphertext was altered or moved from another event, does not open.
    const caseId = randomUUID();
    const honest: IntegrationEnvelope = {
      eventId: randomUUID(),
      type: 'ReportReferred',
      schemaVersion: 1,
      aggregateId: caseId,
      aggregateVersion: 1,
      occurredAt: new Date().toISOString(),
      producer: 'intake',
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'someone', roles: ['hotline_counsellor'], unit: null },
      data: { contactId: caseId },
    };
    const foreign = new PayloadSeal({
      [TOPICS.intakeContacts]: { keys: [{ kid: 'dev', key: randomBytes(32) }] },
    });
    const sealed = foreign.seal(TOPICS.intakeContacts, honest);
    await sendAs('intake', stack.topic(TOPICS.intakeContacts), JSON.stringify(sealed));
    const deadLetter = await eventually(
      async () =>
        (
          await stack.reporting.query<{ error: string }>(
            `SELECT error FROM msg_dead_letters WHERE event_id = $1`,
            [honest.eventId],
          )
        )[0],
      { timeoutMs: 30_000, intervalMs: 250, what: 'reporting to dead-letter the message that does not open' },
    );
    expect(deadLetter.error).toMatch(/does not open/);
    expect(
      await stack.reporting.query(`SELECT 1 FROM rm_events WHERE event_id = $1`, [honest.eventId]),
    ).toEqual([]);
  });
});

describe('reading', () => {
  it('a topic the service does not consume is refused: another’s reads, a dead-letter topic', async () => {
    const own = (service: AppName) =>
      `${stack.consumerGroupPrefix}.${service}.probe-${randomUUID().slice(0, 8)}`;
    expect(await readAs('intake', own('intake'), stack.topic(TOPICS.caseworkAuditAccess))).toMatch(
      DENIED_TOPIC,
    );
    expect(await readAs('casework', own('casework'), stack.topic(TOPICS.intakeAuditAccess))).toMatch(
      DENIED_TOPIC,
    );
    expect(
      await readAs('reporting', own('reporting'), deadLetterTopic(stack.topic(TOPICS.caseworkCases))),
    ).toMatch(DENIED_TOPIC);
  });

  it('in another service’s consumer group is refused; in its own it is allowed (the control)', async () => {
    // casework may read intake's contacts, but not as reporting's projections consumer.
    const theirs = `${stack.consumerGroupPrefix}.reporting.projections`;
    const refused = await readAs('casework', theirs, stack.topic(TOPICS.intakeContacts));
    expect(refused).toMatch(/^KafkaJSGroupCoordinatorNotFound/);
    expect(refused).toMatch(DENIED_GROUP);
    const ours = `${stack.consumerGroupPrefix}.casework.probe-${randomUUID().slice(0, 8)}`;
    expect(await readAs('casework', ours, stack.topic(TOPICS.intakeContacts))).toMatch(/^fetched/);
    await deleteGroups(stack.kafkaBrokers, [ours]);
  });
});
