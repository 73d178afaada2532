import { generateKeyPairSync } from 'node:crypto';
import { TOPICS, type StreamCheckpointV1 } from '@cp/contracts';
import { developmentCheckpointKey, keyIdOf } from '@cp/event-store';
import { checkpointMessage } from './checkpoint-publisher';
import { ConfigError, parseServiceConfig } from './config';

const defaults = { port: 3000, database: 'cp_test' };
/** Development mode: the shared-secret tokens and the published keys are accepted. */
const dev = { CP_DEVELOPMENT: '1' };

describe('CHECKPOINT_MS', () => {
  it('defaults to a minute, and 0 turns checkpoints off', () => {
    expect(parseServiceConfig('casework', dev, defaults).checkpointMs).toBe(60_000);
    expect(parseServiceConfig('casework', { ...dev, CHECKPOINT_MS: '0' }, defaults).checkpointMs).toBe(0);
  });

  it('refuses what is not a whole number of ms, naming the variable', () => {
    for (const bad of ['soon', '-1', '1.5']) {
      expect(() => parseServiceConfig('casework', { ...dev, CHECKPOINT_MS: bad }, defaults)).toThrow(
        ConfigError,
      );
      expect(() => parseServiceConfig('casework', { ...dev, CHECKPOINT_MS: bad }, defaults)).toThrow(
        /CHECKPOINT_MS/,
      );
    }
  });
});

describe('CHECKPOINT_SIGNING_KEY', () => {
  const own = {
    OIDC_ISSUER: 'https://id.example.gov.vn/realms/cp',
    OIDC_JWKS_URL: 'https://id.example.gov.vn/certs',
    OIDC_AUDIENCE: 'cp',
    PERSONAL_DATA_MASTER_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    PERSONAL_DATA_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
  };
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  it("falls back to the service's published development key in development mode only", () => {
    expect(parseServiceConfig('intake', dev, defaults).checkpointKey?.keyId).toBe(
      developmentCheckpointKey('intake').keyId,
    );
    expect(parseServiceConfig('reporting', dev, defaults).checkpointKey).toBeNull();
    expect(() => parseServiceConfig('casework', own, defaults)).toThrow(/CHECKPOINT_SIGNING_KEY must be set/);
  });

  it('takes a PEM Ed25519 key (escaped newlines too) and refuses the published one outside development', () => {
    // (Development mode here only so that the rest of the configuration needs nothing else.)
    const key = parseServiceConfig(
      'casework',
      { ...dev, CHECKPOINT_SIGNING_KEY: pem.replace(/\n/g, '\\n') },
      defaults,
    ).checkpointKey!;
    expect(key.keyId).toBe(keyIdOf(key.publicKey));
    const published = developmentCheckpointKey('casework')
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('base64');
    expect(() =>
      parseServiceConfig('casework', { ...own, CHECKPOINT_SIGNING_KEY: published }, defaults),
    ).toThrow(/published development key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => parseServiceConfig('casework', { ...own, CHECKPOINT_SIGNING_KEY: rsa }, defaults)).toThrow(
      /must be an Ed25519 private key/,
    );
  });

  it('re-verifies 500 streams per run unless CHECKPOINT_VERIFY_STREAMS says otherwise (0: off)', () => {
    expect(parseServiceConfig('casework', dev, defaults).checkpointVerifyStreams).toBe(500);
    expect(
      parseServiceConfig('casework', { ...dev, CHECKPOINT_VERIFY_STREAMS: '0' }, defaults)
        .checkpointVerifyStreams,
    ).toBe(0);
    expect(() =>
      parseServiceConfig('casework', { ...dev, CHECKPOINT_VERIFY_STREAMS: '-3' }, defaults),
    ).toThrow(/CHECKPOINT_VERIFY_STREAMS/);
  });
});

describe('checkpointMessage', () => {
  it("is an integration event on its producer's own checkpoint topic, keyed by the producer so checkpoints stay in order", () => {
    const cp: StreamCheckpointV1 = {
      producer: 'intake',
      sequence: 7,
      at: '2026-03-01T00:00:00.000Z',
      heads: [{ streamId: 'contact-1', version: 2, hash: 'a'.repeat(64) }],
      previousDigest: 'b'.repeat(64),
      digest: 'c'.repeat(64),
    };
    const m = checkpointMessage(cp);
    expect(m).toMatchObject({ topic: TOPICS.intakeIntegrityCheckpoints, key: 'intake' });
    expect(checkpointMessage({ ...cp, producer: 'casework' }).topic).toBe(
      TOPICS.caseworkIntegrityCheckpoints,
    );
    expect(m.payload).toMatchObject({
      eventId: m.eventId,
      type: 'StreamCheckpoint',
      producer: 'intake',
      aggregateId: 'intake',
      aggregateVersion: 7,
      occurredAt: cp.at,
      data: cp,
    });
    expect(checkpointMessage(cp).eventId).not.toBe(m.eventId);
  });
});
