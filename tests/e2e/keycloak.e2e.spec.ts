// Identity end to end: users sign in at the real Keycloak of the development realm (authorization code with
// PKCE, Keycloak's own login form, over HTTP), and the three running services, in their OIDC (JWKS) mode as
// `npm start` and Docker Compose run them, accept the access token with the user's roles and units — and
// refuse what is not an access token issued for them. Keycloak is shared: the one already running on
// 127.0.0.1:8180, or the one `node scripts/infra.mjs idp-up` starts (and leaves running) for the run.
import { DEV_USERS, KEYCLOAK, ensureKeycloak, jwtClaims, keycloakServiceEnv, signIn } from '@cp/testing';
import { Stack, token } from './support/stack';

jest.setTimeout(240_000);

let stack: Stack;

beforeAll(async () => {
  await ensureKeycloak();
  stack = await Stack.start({ name: 'oidc', env: keycloakServiceEnv() });
});

afterAll(async () => {
  await stack?.stop();
});

describe('a user signed in at Keycloak with the console client', () => {
  it('carries the service roles and units of the realm in an access token for the services', async () => {
    const { accessToken, idToken, expiresIn } = await signIn('worker.daison-tanky');
    expect(jwtClaims(accessToken)).toMatchObject({
      iss: KEYCLOAK.issuer,
      aud: KEYCLOAK.audience,
      azp: KEYCLOAK.consoleClientId,
      typ: 'Bearer',
      roles: [...DEV_USERS['worker.daison-tanky'].roles],
      units: [...DEV_USERS['worker.daison-tanky'].units],
      preferred_username: 'worker.daison-tanky',
    });
    // Short-lived: the console renews it within the SSO session.
    expect(expiresIn).toBeLessThanOrEqual(900);
    // The ID token is for the console, not the services.
    expect(jwtClaims(idToken)).toMatchObject({ aud: KEYCLOAK.consoleClientId, typ: 'ID' });
  });

  it('is accepted by intake and casework as a hotline counsellor acting for VN', async () => {
    const { accessToken } = await signIn('counsellor');
    expect(jwtClaims(accessToken)).toMatchObject({ roles: ['hotline_counsellor'], units: ['VN'] });
    expect((await stack.intake.get('/api/v1/contacts', { token: accessToken })).status).toBe(200);
    expect((await stack.casework.get('/api/v1/cases', { token: accessToken })).status).toBe(200);
    // Roles come from the token: the counsellor may not read a unit's dashboard.
    expect((await stack.reporting.get('/api/v1/dashboard', { token: accessToken })).status).toBe(403);
  });

  it('acts for each of the communes of a worker who covers two, and for no other', async () => {
    const { accessToken } = await signIn('worker.daison-tanky');
    for (const unit of DEV_USERS['worker.daison-tanky'].units) {
      const res = await stack.reporting.get(`/api/v1/dashboard?unit=${unit}`, { token: accessToken });
      expect(res.status).toBe(200);
    }
    // Xã Tứ Kỳ is another worker's commune of the same province.
    const other = await stack.reporting.get('/api/v1/dashboard?unit=11074', { token: accessToken });
    expect(other.status).toBe(403);
    // A commune worker is not the hotline.
    expect((await stack.intake.get('/api/v1/contacts', { token: accessToken })).status).toBe(403);
    expect((await stack.casework.get('/api/v1/cases', { token: accessToken })).status).toBe(200);
  });

  it("reads the province's dashboard as the provincial officer of Hải Phòng", async () => {
    const { accessToken } = await signIn('officer.haiphong');
    const own = await stack.reporting.get('/api/v1/dashboard?unit=31', { token: accessToken });
    expect(own.status).toBe(200);
    const hanoi = await stack.reporting.get('/api/v1/dashboard?unit=01', { token: accessToken });
    expect(hanoi.status).toBe(403);
  });
});

describe('the services in OIDC mode refuse', () => {
  it('a request without a token, the ID token, and a tampered token', async () => {
    const { accessToken, idToken } = await signIn('counsellor');
    expect((await stack.intake.get('/api/v1/contacts')).status).toBe(401);
    expect((await stack.intake.get('/api/v1/contacts', { token: idToken })).status).toBe(401);
    const [header, payload, signature] = accessToken.split('.');
    const claims = { ...jwtClaims(accessToken), roles: ['hotline_counsellor', 'admin'] };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(payload).not.toBe(forged.split('.')[1]);
    expect((await stack.intake.get('/api/v1/contacts', { token: forged })).status).toBe(401);
  });

  it('an access token Keycloak issued to another client of the realm (another audience)', async () => {
    const { accessToken } = await signIn('counsellor', undefined, {
      clientId: 'account-console',
      redirectUri: `${KEYCLOAK.publicUrl}/realms/${KEYCLOAK.realm}/account/`,
    });
    const claims = jwtClaims(accessToken);
    expect(claims.iss).toBe(KEYCLOAK.issuer);
    expect([claims.aud].flat()).not.toContain(KEYCLOAK.audience);
    expect((await stack.intake.get('/api/v1/contacts', { token: accessToken })).status).toBe(401);
  });

  it('the shared-secret token of development mode', async () => {
    const dev = await token('hotline_counsellor', ['VN']);
    expect((await stack.intake.get('/api/v1/contacts', { token: dev })).status).toBe(401);
  });
});
