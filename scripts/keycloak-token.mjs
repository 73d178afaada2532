#!/usr/bin/env node
// Prints an access token of the development Keycloak for a user, to call the APIs of `npm start` with curl:
//   node scripts/keycloak-token.mjs counsellor [password]     (password default: dev-only-password)
// It signs in as the console does — the authorization code flow with PKCE and Keycloak's own login form —
// since the console's client allows no password grant. Development users: docs/identity.md.
import { createHash, randomBytes } from 'node:crypto';

const PUBLIC = 'http://localhost:4200/auth';
const LOCAL = process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8180/auth';
const REALM = `${LOCAL}/realms/child-protection`;
const CLIENT = 'cp-console';
const REDIRECT = 'http://localhost:4200/';

const [username, password = 'dev-only-password'] = process.argv.slice(2);
if (!username) {
  process.stderr.write('usage: node scripts/keycloak-token.mjs <username> [password]\n');
  process.exit(2);
}

const jar = new Map();
const keep = (res) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    if (i > 0) jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
  }
};
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
const direct = (url) => (url.startsWith(PUBLIC) ? LOCAL + url.slice(PUBLIC.length) : url);

try {
  const verifier = randomBytes(32).toString('base64url');
  const auth = new URL(`${REALM}/protocol/openid-connect/auth`);
  auth.search = new URLSearchParams({
    client_id: CLIENT,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: REDIRECT,
    state: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const page = await fetch(auth, { redirect: 'manual' });
  keep(page);
  const form = /<form\b[^>]*\bid="kc-form-login"[^>]*>/.exec(await page.text())?.[0];
  const action = form && /\baction="([^"]+)"/.exec(form)?.[1]?.replaceAll('&amp;', '&');
  if (!action)
    throw new Error(
      `no login form at ${REALM} (HTTP ${page.status}): is Keycloak up (npm run infra -- idp-up)?`,
    );
  const posted = await fetch(direct(action), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, credentialId: '' }),
  });
  const code = posted.headers.get('location')?.startsWith(REDIRECT)
    ? new URL(posted.headers.get('location')).searchParams.get('code')
    : null;
  if (!code)
    throw new Error(
      `Keycloak refused the sign-in of ${username} (wrong password, or the account is disabled or locked)`,
    );
  const res = await fetch(`${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: CLIENT,
      code_verifier: verifier,
    }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`the token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  process.stdout.write(`${body.access_token}\n`);
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
