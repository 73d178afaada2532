import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KAFKA_PRINCIPALS } from '@cp/contracts';
import { parseKafkaSecurity } from '@cp/messaging';
import { parseKafkaDurability, parseServiceConfig } from './config';

const defaults = { port: 3000, database: 'cp_test' };
const dev = { CP_DEVELOPMENT: '1' };
const own = { KAFKA_SASL_USERNAME: 'casework', KAFKA_SASL_PASSWORD: 'the-deployment-s-own-password' };

/** The Kafka problems a configuration has (the other settings' problems left out). */
function kafkaProblems(env: Record<string, string | undefined>): string {
  try {
    parseServiceConfig('casework', env, defaults);
    return '';
  } catch (err) {
    return (err as Error).message
      .replace(/^casework: invalid configuration: /, '')
      .split('; ')
      .filter((p) => p.startsWith('KAFKA_'))
      .join('; ');
  }
}

describe('the broker credentials of a service', () => {
  it('are its own principal with the published development password in development mode', () => {
    const { kafkaSecurity } = parseServiceConfig('casework', dev, defaults);
    expect(kafkaSecurity).toEqual({
      sasl: {
        mechanism: 'scram-sha-512',
        username: 'casework',
        password: KAFKA_PRINCIPALS.services.casework.developmentPassword,
      },
      tls: false,
    });
  });

  it('must be given outside development mode, and production refuses to start without them', () => {
    expect(kafkaProblems({})).toMatch(/KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set/);
    expect(kafkaProblems({ NODE_ENV: 'production' })).toMatch(
      /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set/,
    );
    expect(kafkaProblems({ NODE_ENV: 'production', KAFKA_SASL_USERNAME: 'casework' })).toMatch(
      /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set/,
    );
    expect(kafkaProblems({ NODE_ENV: 'production', ...own })).toBe('');
  });

  it('never pair another user with the development password', () => {
    expect(kafkaProblems({ ...dev, KAFKA_SASL_USERNAME: 'someone' })).toMatch(
      /KAFKA_SASL_PASSWORD must be set/,
    );
  });

  it('in production are neither a published development password nor the super user', () => {
    const published = KAFKA_PRINCIPALS.services.casework.developmentPassword;
    expect(kafkaProblems({ NODE_ENV: 'production', ...own, KAFKA_SASL_PASSWORD: published })).toMatch(
      /published development password/,
    );
    expect(kafkaProblems({ NODE_ENV: 'production', ...own, KAFKA_SASL_USERNAME: 'admin' })).toMatch(
      /not the broker's super user/,
    );
  });

  it('use SCRAM-SHA-512 unless told SCRAM-SHA-256, and nothing else', () => {
    expect(
      parseServiceConfig('casework', { ...dev, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' }, defaults)
        .kafkaSecurity.sasl.mechanism,
    ).toBe('scram-sha-256');
    expect(kafkaProblems({ ...dev, KAFKA_SASL_MECHANISM: 'plain' })).toMatch(
      /KAFKA_SASL_MECHANISM must be scram-sha-512 or scram-sha-256/,
    );
  });
});

describe('TLS to the broker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-kafka-tls-'));
  const ca = path.join(dir, 'ca.pem');
  fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is off in development, on by default in production', () => {
    expect(parseServiceConfig('casework', dev, defaults).kafkaSecurity.tls).toBe(false);
    const problems: string[] = [];
    expect(parseKafkaSecurity({ NODE_ENV: 'production', ...own }, { tls: true }, problems).tls).toEqual({
      ca: undefined,
      cert: undefined,
      key: undefined,
    });
    expect(problems).toEqual([]);
  });

  it('verifies the broker against the CA file given, and says which file it cannot read', () => {
    const { kafkaSecurity } = parseServiceConfig(
      'casework',
      { ...dev, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: ca },
      defaults,
    );
    expect(kafkaSecurity.tls).toMatchObject({ ca: fs.readFileSync(ca, 'utf8') });
    const missing = path.join(dir, 'missing.pem');
    expect(kafkaProblems({ ...dev, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: missing })).toMatch(
      `KAFKA_TLS_CA_FILE: cannot read ${missing} (ENOENT)`,
    );
  });

  it('refuses a certificate without its key, a file without TLS, and a value that is not true or false', () => {
    expect(kafkaProblems({ ...dev, KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: ca })).toMatch(
      /KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together/,
    );
    expect(kafkaProblems({ ...dev, KAFKA_TLS_CA_FILE: ca })).toMatch(
      /KAFKA_TLS_CA_FILE is set but KAFKA_TLS is off/,
    );
    expect(kafkaProblems({ ...dev, KAFKA_TLS: 'yes' })).toMatch(/KAFKA_TLS must be true or false/);
  });
});

describe('replication of the topics a service creates', () => {
  it('is one copy on a development broker, three with two in sync elsewhere', () => {
    expect(parseServiceConfig('casework', dev, defaults).kafkaDurability).toEqual({
      replicationFactor: 1,
      minInsyncReplicas: 1,
    });
    expect(
      parseServiceConfig('casework', { ...dev, KAFKA_REPLICATION_FACTOR: '3' }, defaults).kafkaDurability,
    ).toEqual({ replicationFactor: 3, minInsyncReplicas: 1 });
    const problems: string[] = [];
    expect(parseKafkaDurability({}, false, problems)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(parseKafkaDurability({ KAFKA_REPLICATION_FACTOR: '1' }, false, problems)).toEqual({
      replicationFactor: 1,
      minInsyncReplicas: 1,
    });
    expect(problems).toEqual([]);
  });

  it('comes from KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS, the latter never above the former', () => {
    expect(
      parseServiceConfig(
        'casework',
        { ...dev, KAFKA_REPLICATION_FACTOR: '5', KAFKA_MIN_INSYNC_REPLICAS: '3' },
        defaults,
      ).kafkaDurability,
    ).toEqual({ replicationFactor: 5, minInsyncReplicas: 3 });
    expect(kafkaProblems({ ...dev, KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toMatch(
      /KAFKA_MIN_INSYNC_REPLICAS \(3\) must not exceed KAFKA_REPLICATION_FACTOR \(2\)/,
    );
    expect(kafkaProblems({ ...dev, KAFKA_REPLICATION_FACTOR: '0' })).toMatch(
      /KAFKA_REPLICATION_FACTOR must be/,
    );
    expect(kafkaProblems({ ...dev, KAFKA_MIN_INSYNC_REPLICAS: 'two' })).toMatch(
      /KAFKA_MIN_INSYNC_REPLICAS must be/,
    );
  });
});
