import { DomainError, TOPICS, type IntegrationEnvelope } from '@cp/contracts';
import type { KafkaSecurity } from '@cp/messaging';
import { attributeToTopic, creatableTopics, explainKafkaFailure, missingGrants } from './kafka-access';

const envelope = (producer: IntegrationEnvelope['producer']): IntegrationEnvelope => ({
  eventId: '6f1d2c3b-1111-4222-8333-444455556666',
  type: 'CaseOpened',
  schemaVersion: 1,
  aggregateId: 'a',
  aggregateVersion: 1,
  occurredAt: '2026-11-23T09:00:00.000Z',
  producer,
  correlationId: 'c',
  causationId: null,
  actor: { id: 'u', roles: [], unit: null },
  data: {},
});

describe('the producer of a message', () => {
  it('is the one service that may write the topic it came on, with or without the stack’s prefix', () => {
    expect(attributeToTopic(envelope('casework'), TOPICS.caseworkCases, '')).toMatchObject({
      producer: 'casework',
    });
    expect(attributeToTopic(envelope('intake'), `e2e.s1.${TOPICS.intakeContacts}`, 'e2e.s1.')).toMatchObject({
      producer: 'intake',
    });
  });

  it('is never what the body claims: a message claiming another producer than its topic’s is refused', () => {
    // intake may write its contacts topic; a message there that says it comes from casework is not casework's.
    const forged = () => attributeToTopic(envelope('casework'), TOPICS.intakeContacts, '');
    expect(forged).toThrow(DomainError);
    expect(forged).toThrow(/claims to come from "casework", but only intake may write that topic/);
    expect(() => attributeToTopic(envelope('intake'), TOPICS.caseworkAuditAccess, '')).toThrow(
      /only casework may write/,
    );
  });

  it('is left as it is on a topic no single service owns (a test’s own topic, a dead-letter topic)', () => {
    expect(attributeToTopic(envelope('intake'), 'test.some-topic', '').producer).toBe('intake');
    expect(attributeToTopic(envelope('reporting'), `${TOPICS.intakeContacts}.dlq`, '').producer).toBe(
      'reporting',
    );
  });
});

describe('what a service uses on Kafka', () => {
  it('must be granted in kafka-principals.json: writing what it produces, reading what it consumes and its DLQ', () => {
    expect(missingGrants('intake', [TOPICS.intakeContacts], [TOPICS.caseworkCases])).toEqual([]);
    expect(
      missingGrants('reporting', [TOPICS.intakeContacts], [TOPICS.caseworkCases, 'cp.other.v1']),
    ).toEqual([`WRITE on ${TOPICS.intakeContacts}`, 'READ on cp.other.v1', 'WRITE on cp.other.v1.dlq']);
  });

  it('creates only what its ACLs let it create: its own topics and the dead-letter topics of what it reads', () => {
    expect(
      creatableTopics('casework', [
        TOPICS.caseworkCases,
        `${TOPICS.intakeContacts}.dlq`,
        TOPICS.intakeContacts,
      ]),
    ).toEqual([TOPICS.caseworkCases, `${TOPICS.intakeContacts}.dlq`]);
  });
});

describe('a Kafka failure at start', () => {
  const ctx = {
    service: 'intake',
    brokers: ['127.0.0.1:9092'],
    security: {
      sasl: { mechanism: 'scram-sha-512', username: 'intake', password: 'secret-not-to-show' },
      tls: false,
    } satisfies KafkaSecurity,
  };

  it('names refused credentials and what to check, never the password', () => {
    const err = Object.assign(new Error('SASL SCRAM SHA512 authentication failed: invalid credentials'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    const explained = explainKafkaFailure(err, 'connecting', ctx).message;
    expect(explained).toMatch(
      /refused the credentials of intake \(SASL_PLAINTEXT, SCRAM-SHA-512 as 'intake'\)/,
    );
    expect(explained).toMatch(/KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/);
    expect(explained).not.toContain('secret-not-to-show');
  });

  it('names a denial and where the grants come from', () => {
    const err = Object.assign(new Error('Not authorized to access topics: [Topic authorization failed]'), {
      type: 'TOPIC_AUTHORIZATION_FAILED',
    });
    expect(explainKafkaFailure(err, 'creating its topics', ctx).message).toMatch(
      /Kafka denied intake .* while creating its topics: .*kafka-principals\.json/,
    );
  });

  it('names the replication settings when the cluster cannot hold that many copies', () => {
    const err = new Error(
      'could not create t (replication factor 3): Replication-factor is invalid (INVALID_REPLICATION_FACTOR)',
    );
    expect(explainKafkaFailure(err, 'creating its topics', ctx).message).toMatch(
      /cannot hold the copies .*Set KAFKA_REPLICATION_FACTOR \(and KAFKA_MIN_INSYNC_REPLICAS\)/,
    );
  });
});
