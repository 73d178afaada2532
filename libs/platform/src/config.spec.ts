import { ConfigError, parseServiceConfig } from './config';

const defaults = { port: 3000, database: 'cp_test' };
/** Development mode: the shared-secret tokens and the published keys are accepted. */
const dev = { CP_DEVELOPMENT: '1' };

const productionKeys = {
  PERSONAL_DATA_MASTER_KEYS: `k2026:${Buffer.alloc(32, 1).toString('base64')},k2025:${Buffer.alloc(32, 2).toString('base64')}`,
  PERSONAL_DATA_INDEX_KEY: Buffer.alloc(32, 3).toString('base64'),
  // The service's own broker principal (config.kafka.spec.ts tests these).
  KAFKA_SASL_USERNAME: 'a-service',
  KAFKA_SASL_PASSWORD: 'the-deployment-s-own-password',
  // The key the service signs its checkpoints with (checkpoint-publisher.spec.ts tests it).
  CHECKPOINT_SIGNING_KEY: Buffer.alloc(32, 4).toString('base64'),
};

describe('token verification settings', () => {
  it('uses the development shared secret outside production', () => {
    expect(parseServiceConfig('intake', dev, defaults).auth).toMatchObject({ mode: 'hs256' });
  });

  it('refuses to start in production without an OIDC issuer, naming what to set', () => {
    expect(() =>
      parseServiceConfig('intake', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, defaults),
    ).toThrow(/set OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE/);
    expect(() => parseServiceConfig('intake', { NODE_ENV: 'production' }, defaults)).toThrow(ConfigError);
  });

  it('verifies against the issuer’s keys in production, over https, for an audience', () => {
    const env = {
      NODE_ENV: 'production',
      OIDC_ISSUER: 'https://id.example.gov.vn/realms/cp',
      OIDC_JWKS_URL: 'https://id.example.gov.vn/realms/cp/protocol/openid-connect/certs',
      OIDC_AUDIENCE: 'child-protection',
      JWT_CLOCK_SKEW_SECONDS: '60',
      ...productionKeys,
    };
    expect(parseServiceConfig('casework', env, defaults).auth).toEqual({
      mode: 'oidc',
      issuer: env.OIDC_ISSUER,
      jwksUrl: env.OIDC_JWKS_URL,
      audience: 'child-protection',
      clockToleranceSeconds: 60,
      rolesClaim: undefined,
      unitsClaim: undefined,
      maxAgeSeconds: 12 * 3600,
    });
    expect(() =>
      parseServiceConfig('casework', { ...env, OIDC_JWKS_URL: 'http://id.example.gov.vn/certs' }, defaults),
    ).toThrow(/https/);
    expect(() =>
      parseServiceConfig('casework', { ...env, JWT_CLOCK_SKEW_SECONDS: '3600' }, defaults),
    ).toThrow(/JWT_CLOCK_SKEW_SECONDS/);
  });
});

describe('topic prefix', () => {
  it('is empty by default and taken from KAFKA_TOPIC_PREFIX', () => {
    expect(parseServiceConfig('intake', dev, defaults).topicPrefix).toBe('');
    expect(
      parseServiceConfig('intake', { ...dev, KAFKA_TOPIC_PREFIX: 'e2e.run-1.' }, defaults).topicPrefix,
    ).toBe('e2e.run-1.');
  });

  it('refuses characters Kafka does not allow in a topic name', () => {
    expect(() => parseServiceConfig('intake', { ...dev, KAFKA_TOPIC_PREFIX: 'a b/' }, defaults)).toThrow(
      /KAFKA_TOPIC_PREFIX may hold only/,
    );
  });
});

describe('hostile input settings', () => {
  it('sends no CORS headers by default and reads the allowed origins from CORS_ORIGINS', () => {
    expect(parseServiceConfig('intake', dev, defaults).corsOrigins).toEqual([]);
    expect(
      parseServiceConfig(
        'intake',
        { ...dev, CORS_ORIGINS: 'https://cp.example.gov.vn, http://localhost:4200' },
        defaults,
      ).corsOrigins,
    ).toEqual(['https://cp.example.gov.vn', 'http://localhost:4200']);
  });

  it('refuses a wildcard, a path or a bare host as an origin', () => {
    for (const bad of ['*', 'https://cp.example.gov.vn/app', 'cp.example.gov.vn', 'ftp://x.vn']) {
      expect(() => parseServiceConfig('intake', { ...dev, CORS_ORIGINS: bad }, defaults)).toThrow(
        /CORS_ORIGINS/,
      );
    }
  });

  it('limits each user to 600 requests a minute unless RATE_LIMIT_PER_MINUTE says otherwise', () => {
    expect(parseServiceConfig('intake', dev, defaults).rateLimitPerMinute).toBe(600);
    expect(
      parseServiceConfig('intake', { ...dev, RATE_LIMIT_PER_MINUTE: '0' }, defaults).rateLimitPerMinute,
    ).toBe(0);
    expect(() => parseServiceConfig('intake', { ...dev, RATE_LIMIT_PER_MINUTE: '-1' }, defaults)).toThrow(
      /RATE_LIMIT_PER_MINUTE/,
    );
  });
});

describe('development mode', () => {
  const oidc = {
    OIDC_ISSUER: 'https://id.example.gov.vn/realms/cp',
    OIDC_JWKS_URL: 'https://id.example.gov.vn/certs',
    OIDC_AUDIENCE: 'cp',
  };

  it('is off unless CP_DEVELOPMENT=1: NODE_ENV unset does not accept the published keys or the shared secret', () => {
    expect(() => parseServiceConfig('intake', {}, defaults)).toThrow(/OIDC_ISSUER/);
    expect(() => parseServiceConfig('intake', { NODE_ENV: 'development' }, defaults)).toThrow(
      /PERSONAL_DATA_MASTER_KEYS and PERSONAL_DATA_INDEX_KEY/,
    );
    expect(() => parseServiceConfig('intake', { JWT_SECRET: 'x'.repeat(40) }, defaults)).toThrow(
      /JWT_SECRET mode exists only with CP_DEVELOPMENT=1/,
    );
    const own = parseServiceConfig('intake', { ...oidc, ...productionKeys }, defaults);
    expect(own).toMatchObject({ development: false, production: false, auth: { mode: 'oidc' } });
    expect(parseServiceConfig('intake', dev, defaults).development).toBe(true);
  });

  it('cannot be combined with production, and takes only 1 or 0', () => {
    expect(() =>
      parseServiceConfig('intake', { ...dev, ...oidc, ...productionKeys, NODE_ENV: 'production' }, defaults),
    ).toThrow(/cannot be combined with NODE_ENV=production/);
    expect(() => parseServiceConfig('intake', { CP_DEVELOPMENT: 'yes' }, defaults)).toThrow(
      /CP_DEVELOPMENT must be 1/,
    );
  });

  it('bounds the age of the tokens it accepts (JWT_MAX_AGE_SECONDS, 12 hours by default)', () => {
    expect(parseServiceConfig('intake', dev, defaults).auth.maxAgeSeconds).toBe(12 * 3600);
    expect(
      parseServiceConfig('intake', { ...dev, JWT_MAX_AGE_SECONDS: '600' }, defaults).auth.maxAgeSeconds,
    ).toBe(600);
    expect(() => parseServiceConfig('intake', { ...dev, JWT_MAX_AGE_SECONDS: '0' }, defaults)).toThrow(
      /JWT_MAX_AGE_SECONDS/,
    );
  });

  it('wants the index key to be at least 32 random bytes in base64', () => {
    for (const bad of ['short', Buffer.alloc(16, 7).toString('base64'), 'not base64 at all !!']) {
      expect(() => parseServiceConfig('intake', { ...dev, PERSONAL_DATA_INDEX_KEY: bad }, defaults)).toThrow(
        /PERSONAL_DATA_INDEX_KEY must be at least 32 random bytes/,
      );
    }
  });
});

describe('personal-data keys', () => {
  it('falls back to the published development keys in development mode only', () => {
    const pd = parseServiceConfig('intake', dev, defaults).personalData;
    expect(pd).toMatchObject({ development: true, masterKeys: [{ kid: 'dev' }] });
    expect(() =>
      parseServiceConfig(
        'intake',
        {
          NODE_ENV: 'production',
          OIDC_ISSUER: 'https://id.example.gov.vn/realms/cp',
          OIDC_JWKS_URL: 'https://id.example.gov.vn/certs',
          OIDC_AUDIENCE: 'cp',
        },
        defaults,
      ),
    ).toThrow(/PERSONAL_DATA_MASTER_KEYS and PERSONAL_DATA_INDEX_KEY/);
  });

  it('reads a key ring: the first key wraps, all unwrap', () => {
    const pd = parseServiceConfig('casework', { ...dev, ...productionKeys }, defaults).personalData;
    expect(pd.development).toBe(false);
    expect(pd.masterKeys.map((k) => k.kid)).toEqual(['k2026', 'k2025']);
    expect(pd.masterKeys.every((k) => k.key.length === 32)).toBe(true);
    expect(pd.indexSecret).toHaveLength(32);
  });

  it('refuses a key that is not 32 bytes or has no id, naming the variable', () => {
    for (const bad of ['short:' + Buffer.alloc(16).toString('base64'), Buffer.alloc(32).toString('base64')]) {
      expect(() =>
        parseServiceConfig('intake', { ...dev, PERSONAL_DATA_MASTER_KEYS: bad }, defaults),
      ).toThrow(/PERSONAL_DATA_MASTER_KEYS must be kid:base64/);
    }
  });
});
