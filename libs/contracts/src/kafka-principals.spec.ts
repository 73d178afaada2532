import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ACCESS_TOPICS, TOPICS, deadLetterTopic } from './topics';
import { KAFKA_PRINCIPALS, principalsAllowed, producerOfTopic, type ServiceName } from './kafka-principals';

const services = Object.values(KAFKA_PRINCIPALS.services);

describe('the Kafka principals and their ACLs (kafka-principals.json)', () => {
  it('name one principal per service, each with a published development password of its own', () => {
    expect(services.map((s) => s.username).sort()).toEqual(['casework', 'intake', 'reporting']);
    const passwords = [
      KAFKA_PRINCIPALS.admin.developmentPassword,
      ...services.map((s) => s.developmentPassword),
    ];
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const p of passwords) expect(p).toMatch(/^dev-only-/);
    expect(services.map((s) => s.username)).not.toContain(KAFKA_PRINCIPALS.admin.username);
  });

  it('let every topic of record be written, and a topic named for a service only by that service', () => {
    for (const topic of Object.values(TOPICS)) {
      expect(principalsAllowed(topic, 'WRITE').length).toBeGreaterThan(0);
      const named = /^cp\.(intake|casework|reporting)\./.exec(topic)?.[1];
      if (named) {
        expect(principalsAllowed(topic, 'WRITE')).toEqual([named]);
        expect(producerOfTopic(topic)).toBe(named);
      }
    }
  });

  it('give each service that records reads its own access topic, which reporting reads', () => {
    for (const [service, topic] of Object.entries(AUDIT_ACCESS_TOPICS)) {
      expect(producerOfTopic(topic)).toBe(service);
      expect(principalsAllowed(topic, 'READ')).toEqual(['reporting']);
    }
  });

  it('let a service create only what it writes, and write the dead-letter topic of everything it reads', () => {
    for (const s of services) {
      for (const [topic, ops] of Object.entries(s.topics)) {
        if (ops.includes('CREATE')) expect(ops).toContain('WRITE');
        if (ops.includes('READ')) {
          expect(ops).not.toContain('WRITE');
          expect(s.topics[deadLetterTopic(topic)]).toEqual(['WRITE', 'CREATE']);
        }
      }
    }
  });

  it('let nobody read a dead-letter topic, and prove no producer by one (several consumers write it)', () => {
    const dlqs = services.flatMap((s) => Object.keys(s.topics)).filter((t) => t.endsWith('.dlq'));
    expect(dlqs.length).toBeGreaterThan(0);
    for (const dlq of dlqs) expect(principalsAllowed(dlq, 'READ')).toEqual([]);
    expect(producerOfTopic(deadLetterTopic(TOPICS.intakeContacts))).toBeUndefined();
  });

  it('let only reporting delete its groups (a rebuild removes the one-off group it read with)', () => {
    const deleters = services.filter((s) => s.groups.includes('DELETE')).map((s) => s.username);
    expect(deleters).toEqual<ServiceName[]>(['reporting']);
    for (const s of services) expect(s.groups).toContain('READ');
  });

  it('are those the Docker Compose broker formats and the services there authenticate with', () => {
    const compose = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8');
    expect(compose).toContain(
      `${KAFKA_PRINCIPALS.admin.username}: &kafka-admin-password ${KAFKA_PRINCIPALS.admin.developmentPassword}`,
    );
    for (const s of services) {
      expect(compose).toContain(`${s.username}: &kafka-${s.username}-password ${s.developmentPassword}`);
      expect(compose).toContain(
        `KAFKA_SASL_USERNAME: ${s.username}\n      KAFKA_SASL_PASSWORD: *kafka-${s.username}-password`,
      );
    }
  });

  it('attribute no producer to a topic nobody is granted', () => {
    expect(producerOfTopic('cp.unknown.v1')).toBeUndefined();
  });
});
