import { ConfigError, parseServiceConfig } from './config';

const defaults = { port: 3000, database: 'cp_test' };

const productionKeys = {
  PERSONAL_DATA_MASTER_KEYS: `k2026:${Buffer.alloc(32, 1).toString('base64')},k2025:${Buffer.alloc(32, 2).toString('base64')}`,
  PERSONAL_DATA_INDEX_KEY: Buffer.alloc(32, 3).toString('base64'),
};

describe('token verification settings', () => {
  it('uses the development shared secret outside production', () => {
    expect(parseServiceConfig('intake', {}, defaults).auth).toMatchObject({ mode: 'hs256' });
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
    expect(parseServiceConfig('intake', {}, defaults).topicPrefix).toBe('');
    expect(parseServiceConfig('intake', { KAFKA_TOPIC_PREFIX: 'e2e.run-1.' }, defaults).topicPrefix).toBe(
      'e2e.run-1.',
    );
  });

  it('refuses characters Kafka does not allow in a topic name', () => {
    expect(() => parseServiceConfig('intake', { KAFKA_TOPIC_PREFIX: 'a b/' }, defaults)).toThrow(
      /KAFKA_TOPIC_PREFIX may hold only/,
    );
  });
});

describe('hostile input settings', () => {
  it('sends no CORS headers by default and reads the allowed origins from CORS_ORIGINS', () => {
    expect(parseServiceConfig('intake', {}, defaults).corsOrigins).toEqual([]);
    expect(
      parseServiceConfig(
        'intake',
        { CORS_ORIGINS: 'https://cp.example.gov.vn, http://localhost:4200' },
        defaults,
      ).corsOrigins,
    ).toEqual(['https://cp.example.gov.vn', 'http://localhost:4200']);
  });

  it('refuses a wildcard, a path or a bare host as an origin', () => {
    for (const bad of ['*', 'https://cp.example.gov.vn/app', 'cp.example.gov.vn', 'ftp://x.vn']) {
      expect(() => parseServiceConfig('intake', { CORS_ORIGINS: bad }, defaults)).toThrow(/CORS_ORIGINS/);
    }
  });

  it('limits each user to 600 requests a minute unless RATE_LIMIT_PER_MINUTE says otherwise', () => {
    expect(parseServiceConfig('intake', {}, defaults).rateLimitPerMinute).toBe(600);
    expect(parseServiceConfig('intake', { RATE_LIMIT_PER_MINUTE: '0' }, defaults).rateLimitPerMinute).toBe(0);
    expect(() => parseServiceConfig('intake', { RATE_LIMIT_PER_MINUTE: '-1' }, defaults)).toThrow(
      /RATE_LIMIT_PER_MINUTE/,
    );
  });
});

describe('personal-data keys', () => {
  it('falls back to the published development keys outside production only', () => {
    const dev = parseServiceConfig('intake', {}, defaults).personalData;
    expect(dev).toMatchObject({ development: true, masterKeys: [{ kid: 'dev' }] });
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
    const pd = parseServiceConfig('casework', productionKeys, defaults).personalData;
    expect(pd.development).toBe(false);
    expect(pd.masterKeys.map((k) => k.kid)).toEqual(['k2026', 'k2025']);
    expect(pd.masterKeys.every((k) => k.key.length === 32)).toBe(true);
    expect(pd.indexSecret).toHaveLength(32);
  });

  it('refuses a key that is not 32 bytes or has no id, naming the variable', () => {
    for (const bad of ['short:' + Buffer.alloc(16).toString('base64'), Buffer.alloc(32).toString('base64')]) {
      expect(() => parseServiceConfig('intake', { PERSONAL_DATA_MASTER_KEYS: bad }, defaults)).toThrow(
        /PERSONAL_DATA_MASTER_KEYS must be kid:base64/,
      );
    }
  });
});
