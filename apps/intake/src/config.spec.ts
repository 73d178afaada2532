import { createHash } from 'node:crypto';
import { loadConfig } from './config';

const own = {
  OIDC_ISSUER: 'https://id.example.gov.vn/realms/cp',
  OIDC_JWKS_URL: 'https://id.example.gov.vn/certs',
  OIDC_AUDIENCE: 'cp',
  PERSONAL_DATA_MASTER_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  PERSONAL_DATA_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
  KAFKA_SASL_USERNAME: 'intake',
  KAFKA_SASL_PASSWORD: 'the-deployment-s-own-password',
  CHECKPOINT_SIGNING_KEY: Buffer.alloc(32, 3).toString('base64'),
  REFERRAL_IDENTITY_KEYS: `r1:${Buffer.alloc(32, 4).toString('base64')}`,
};

describe('the key that recognises a repeat caller (CALLER_KEY_SECRET)', () => {
  it('must be the deployment’s own outside development mode', () => {
    expect(() => loadConfig(own)).toThrow(/CALLER_KEY_SECRET must be set: at least 32 random bytes/);
    const secret = Buffer.alloc(32, 9).toString('base64');
    expect(loadConfig({ ...own, CALLER_KEY_SECRET: secret }).callerKeySecret.symmetricKeySize).toBe(32);
  });

  it('must be at least 32 random bytes in base64', () => {
    for (const bad of ['dev-only-caller-key-change-me', Buffer.alloc(20, 1).toString('base64')]) {
      expect(() => loadConfig({ ...own, CALLER_KEY_SECRET: bad })).toThrow(
        /CALLER_KEY_SECRET must be at least 32 random bytes/,
      );
    }
  });

  it('refuses the published development key outside development mode, and uses it in development', () => {
    const published = createHash('sha256').update('cp-development-only-caller-key').digest('base64');
    expect(() => loadConfig({ ...own, CALLER_KEY_SECRET: published })).toThrow(/published development key/);
    expect(loadConfig({ CP_DEVELOPMENT: '1' }).callerKeySecret.symmetricKeySize).toBe(32);
  });
});

describe("the hotline's clocks are policy; short clocks are a development override", () => {
  it('refuses FOLLOW_UP_MINUTES and FORWARDING_MINUTES outside development', () => {
    const secret = Buffer.alloc(32, 9).toString('base64');
    expect(() => loadConfig({ ...own, CALLER_KEY_SECRET: secret, FOLLOW_UP_MINUTES: '1' })).toThrow(
      /FOLLOW_UP_MINUTES is a development override/,
    );
    expect(loadConfig({ ...own, CALLER_KEY_SECRET: secret }).clockOverride).toBeNull();
  });

  it('accepts them in development', () => {
    expect(
      loadConfig({ CP_DEVELOPMENT: '1', FORWARDING_MINUTES: '0.5', FOLLOW_UP_URGENT_MINUTES: '0.05' })
        .clockOverride,
    ).toEqual({ forwardingMinutes: 0.5, urgentTakeUpMinutes: 0.05 });
  });
});

describe('the key ring that seals the child’s identity for casework (REFERRAL_IDENTITY_KEYS)', () => {
  it('must be the deployment’s own outside development mode', () => {
    const secret = Buffer.alloc(32, 9).toString('base64');
    const { REFERRAL_IDENTITY_KEYS: _k, ...without } = own;
    expect(() => loadConfig({ ...without, CALLER_KEY_SECRET: secret })).toThrow(
      /REFERRAL_IDENTITY_KEYS must be set/,
    );
    expect(loadConfig({ ...own, CALLER_KEY_SECRET: secret }).referralIdentityKeys.map((k) => k.kid)).toEqual([
      'r1',
    ]);
    expect(loadConfig({ CP_DEVELOPMENT: '1' }).referralIdentityKeys.map((k) => k.kid)).toEqual(['dev']);
  });
});
