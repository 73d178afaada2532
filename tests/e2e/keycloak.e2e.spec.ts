// Identity end to end: users sign in at the real Keycloak of the development realm (authorization code with
// PKCE, Keycloak's own login form, over HTTP), and the three running services, in their OIDC (JWKS) mode as
// `npm start` and Docker Compose run them, accept the access token with the user's roles and units — and
// refuse what is not an access token issued for them. Keycloak is shared: the one already running on
// 127.0.0.1:8180, or the one `node scripts/infra.mjs idp-up` starts (and leaves running) for the run.
import { randomUUID } from 'node:crypto';
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
      // Only the service roles: the console's scope leaves out Keycloak's own (default role, offline access).
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
    expect(jwtClaims(accessToken)).toMatchObject({
      roles: ['hotline_counsellor'],
      units: ['VN'],
    });
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

describe('accounts, as a provincial administrator manages them in the admin console', () => {
  const admin = `${KEYCLOAK.localUrl}/admin/realms/${KEYCLOAK.realm}`;
  const adminConsole = {
    clientId: 'security-admin-console',
    redirectUri: `${KEYCLOAK.publicUrl}/admin/${KEYCLOAK.realm}/console/`,
  };
  let adminToken: string;
  const created: string[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${admin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null };
  };

  beforeAll(async () => {
    // The development `admin` holds the realm-management roles an account administrator needs.
    adminToken = (await signIn('admin', undefined, adminConsole)).accessToken;
  });

  afterAll(async () => {
    for (const id of created) await call('DELETE', `/users/${id}`);
  });

  it('creates a commune worker covering two communes, who then signs in with both units', async () => {
    const username = `e2e.worker.${randomUUID().slice(0, 8)}`;
    const password = `e2e-${randomUUID()}`;
    const res = await call('POST', '/users', {
      username,
      enabled: true,
      firstName: 'Thử',
      lastName: 'Nguyễn Văn',
      attributes: { units: ['11074', '11086'] },
      credentials: [{ type: 'password', value: password, temporary: false }],
    });
    expect(res.status).toBe(201);
    const id = String(res.headers.get('location')).split('/').pop()!;
    created.push(id);
    const role = await call('GET', '/roles/commune_worker');
    expect((await call('POST', `/users/${id}/role-mappings/realm`, [role.body])).status).toBe(204);

    const { accessToken, refreshToken } = await signIn(username, password);
    const claims = jwtClaims(accessToken);
    expect(claims.roles).toEqual(['commune_worker']);
    expect(claims.units).toEqual(['11074', '11086']);
    const dashboard = await stack.reporting.get('/api/v1/dashboard?unit=11086', { token: accessToken });
    expect(dashboard.status).toBe(200);

    // Someone who leaves: the account is disabled and their sessions signed out.
    expect((await call('PUT', `/users/${id}`, { enabled: false })).status).toBe(204);
    expect((await call('POST', `/users/${id}/logout`)).status).toBe(204);
    await expect(signIn(username, password)).rejects.toThrow(/refused the sign-in/);
    const renewed = await fetch(`${KEYCLOAK.localRealmUrl}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: KEYCLOAK.consoleClientId,
      }),
    });
    expect(renewed.status).toBe(400);
  });

  it('refuses a unit that is not VN, a province or a commune code', async () => {
    const res = await call('POST', '/users', {
      username: `e2e.bad.${randomUUID().slice(0, 8)}`,
      enabled: true,
      firstName: 'Thử',
      lastName: 'Sai',
      attributes: { units: ['Tứ Kỳ'] },
    });
    expect(res.status).toBe(400);
  });

  it('does not let users change their own units', async () => {
    const account = `${KEYCLOAK.localRealmUrl}/account/`;
    const { accessToken } = await signIn('worker.tuky', undefined, {
      clientId: 'account-console',
      redirectUri: `${KEYCLOAK.publicUrl}/realms/${KEYCLOAK.realm}/account/`,
    });
    const headers = { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
    const read = await fetch(account, { headers });
    expect(read.status).toBe(200);
    const me = (await read.json()) as Record<string, unknown>;
    const changed = await fetch(account, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ...me, attributes: { ...(me.attributes as object), units: ['VN'] } }),
    });
    expect(changed.status).toBe(400);
    expect(await changed.json()).toMatchObject({
      field: 'units',
      errorMessage: 'error-user-attribute-read-only',
    });
    const { accessToken: next } = await signIn('worker.tuky');
    expect(jwtClaims(next).units).toEqual(['11074']);
  });
});
