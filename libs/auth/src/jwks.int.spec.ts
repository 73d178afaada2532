import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { JwtVerifier, mintToken } from './jwt';

// Production identity: tokens from an OIDC issuer, verified against its JWKS served over real HTTP.

const ISSUER = 'https://id.example.gov.vn/realms/cp';
const AUDIENCE = 'child-protection';
let server: http.Server;
let jwksUrl: string;
let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
let ec: Awaited<ReturnType<typeof generateKeyPair>>;
let stranger: Awaited<ReturnType<typeof generateKeyPair>>;
let fetches = 0;

beforeAll(async () => {
  rsa = await generateKeyPair('RS256');
  ec = await generateKeyPair('ES256');
  stranger = await generateKeyPair('RS256');
  const keys: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  server = http.createServer((req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
});

afterAll(() => new Promise((r) => server.close(r)));

const verifier = () =>
  new JwtVerifier({
    mode: 'oidc',
    issuer: ISSUER,
    jwksUrl,
    audience: AUDIENCE,
    clockToleranceSeconds: 30,
    rolesClaim: 'cp_roles',
    unitsClaim: 'cp_units',
  });

type Key = Parameters<SignJWT['sign']>[0];
function token(
  key: Key,
  header: { alg: string; kid?: string },
  claims: Record<string, unknown> = {},
  opts: { iss?: string; aud?: string; expSecondsFromNow?: number } = {},
) {
  return new SignJWT({
    cp_roles: ['commune_worker', 'not_a_role'],
    cp_units: ['00004'],
    name: 'Lan',
    ...claims,
  })
    .setProtectedHeader(header)
    .setSubject('user-42')
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (opts.expSecondsFromNow ?? 600))
    .sign(key);
}

it('accepts RS256 and ES256 tokens of the issuer, with roles and units from its claims', async () => {
  const v = verifier();
  expect(await v.verify(await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).toEqual({
    sub: 'user-42',
    name: 'Lan',
    roles: ['commune_worker'],
    units: ['00004'],
  });
  expect((await v.verify(await token(ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))).sub).toBe('user-42');
  expect(fetches).toBeGreaterThan(0);
});

it('tolerates a small clock skew and refuses a token expired beyond it', async () => {
  const v = verifier();
  await expect(
    v.verify(await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, {}, { expSecondsFromNow: -10 })),
  ).resolves.toMatchObject({
    sub: 'user-42',
  });
  await expect(
    v.verify(await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, {}, { expSecondsFromNow: -120 })),
  ).rejects.toMatchObject({ reason: 'the token has expired' });
});

it('refuses another issuer, another audience, a key it does not publish, and the shared-secret algorithm', async () => {
  const v = verifier();
  await expect(
    v.verify(
      await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, {}, { iss: 'https://evil.example' }),
    ),
  ).rejects.toMatchObject({ reason: "the token's iss claim is not accepted here" });
  await expect(
    v.verify(await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, {}, { aud: 'other-app' })),
  ).rejects.toMatchObject({ reason: "the token's aud claim is not accepted here" });
  await expect(
    v.verify(await token(stranger.privateKey, { alg: 'RS256', kid: 'rsa-1' })),
  ).rejects.toMatchObject({
    reason: 'the token could not be verified',
  });
  // A development token, even with the right issuer, is not accepted by an OIDC verifier.
  const hs = await mintToken(
    'a-development-secret-of-length',
    { sub: 'x', roles: ['admin'], units: ['VN'] },
    600,
    ISSUER,
  );
  await expect(v.verify(hs)).rejects.toMatchObject({ reason: 'the token could not be verified' });
  // Nor an unsigned one.
  const [, payload] = (await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })).split('.');
  const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
  await expect(v.verify(none)).rejects.toMatchObject({ reason: 'the token could not be verified' });
});

it('accepts access tokens only: an ID token, a refresh token or another header type is refused', async () => {
  const v = verifier();
  const access = await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, { typ: 'Bearer' });
  await expect(v.verify(access)).resolves.toMatchObject({ sub: 'user-42' });
  for (const typ of ['ID', 'Refresh']) {
    const other = await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, { typ });
    await expect(v.verify(other)).rejects.toThrow('the token is not an access token');
  }
  const logout = await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1', typ: 'logout+jwt' } as never);
  await expect(v.verify(logout)).rejects.toThrow('the token is not an access token');
  const rfc9068 = await token(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1', typ: 'at+jwt' } as never);
  await expect(v.verify(rfc9068)).resolves.toMatchObject({ sub: 'user-42' });
});

it('refuses a token that declares a lifetime longer than the maximum age, or was issued too long ago', async () => {
  const v = new JwtVerifier({
    mode: 'oidc',
    issuer: ISSUER,
    jwksUrl,
    audience: AUDIENCE,
    rolesClaim: 'cp_roles',
    unitsClaim: 'cp_units',
    maxAgeSeconds: 3600,
  });
  const month = await token(
    rsa.privateKey,
    { alg: 'RS256', kid: 'rsa-1' },
    {},
    { expSecondsFromNow: 30 * 86400 },
  );
  await expect(v.verify(month)).rejects.toThrow('the token is valid for longer than 3600 seconds');
  const old = await new SignJWT({ cp_roles: ['commune_worker'], cp_units: ['00004'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
    .setSubject('user-42')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 2 * 3600)
    .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
    .sign(rsa.privateKey);
  await expect(v.verify(old)).rejects.toThrow(/iat/);
  const noIat = await new SignJWT({ cp_roles: ['commune_worker'], cp_units: ['00004'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
    .setSubject('user-42')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
    .sign(rsa.privateKey);
  await expect(v.verify(noIat)).rejects.toThrow(/iat/);
  // A development token says what it is, and lives within the default maximum.
  const dev = await mintToken('x'.repeat(32), { sub: 'u', roles: ['commune_worker'], units: ['00004'] });
  await expect(new JwtVerifier({ secret: 'x'.repeat(32) }).verify(dev)).resolves.toMatchObject({ sub: 'u' });
});
