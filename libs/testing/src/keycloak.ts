// The development identity provider for tests: the real Keycloak of `node scripts/infra.mjs idp-up`
// (realm child-protection, tools/keycloak/realm/child-protection-realm.json), shared by every test of a run.
//
//   await ensureKeycloak();                        // reuses the server on 127.0.0.1:8180, or starts it
//   const { accessToken } = await signIn('counsellor');   // authorization code + PKCE, over HTTP
//   Stack.start({ name: 'x', env: keycloakServiceEnv() }); // services that verify Keycloak's tokens
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Role } from '@cp/contracts';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where Keycloak is: on 127.0.0.1:8180 for the processes of this machine, on the console's origin for browsers. */
export const KEYCLOAK = {
  realm: 'child-protection',
  /** The one origin of the browser (the console's proxy routes /auth/ to Keycloak). */
  publicUrl: 'http://localhost:4200/auth',
  localUrl: 'http://127.0.0.1:8180/auth',
  issuer: 'http://localhost:4200/auth/realms/child-protection',
  localRealmUrl: 'http://127.0.0.1:8180/auth/realms/child-protection',
  jwksUrl: 'http://127.0.0.1:8180/auth/realms/child-protection/protocol/openid-connect/certs',
  audience: 'cp-api',
  consoleClientId: 'cp-console',
  consoleRedirectUri: 'http://localhost:4200/',
} as const;

/** The realm's development users (DEVELOPMENT ONLY: their password is published). */
export const DEV_PASSWORD = 'dev-only-password';
export const DEV_USERS = {
  counsellor: { roles: ['hotline_counsellor'], units: ['VN'] },
  supervisor: { roles: ['hotline_supervisor'], units: ['VN'] },
  'worker.tuky': { roles: ['commune_worker'], units: ['11074'] },
  'worker.daison-tanky': { roles: ['commune_worker'], units: ['11086', '11113'] },
  'chair.tuky': { roles: ['commune_chair'], units: ['11074'] },
  'officer.haiphong': { roles: ['provincial_officer'], units: ['31'] },
  inspector: { roles: ['inspector'], units: ['VN'] },
  admin: { roles: ['admin'], units: ['VN'] },
} as const satisfies Record<string, { roles: readonly Role[]; units: readonly string[] }>;
export type DevUser = keyof typeof DEV_USERS;

/** The environment that makes a service verify Keycloak's tokens (its JWKS mode). */
export function keycloakServiceEnv(): Record<string, string> {
  return {
    OIDC_ISSUER: KEYCLOAK.issuer,
    OIDC_JWKS_URL: KEYCLOAK.jwksUrl,
    OIDC_AUDIENCE: KEYCLOAK.audience,
    OIDC_ROLES_CLAIM: 'roles',
    OIDC_UNITS_CLAIM: 'units',
  };
}

async function realmAnswers(): Promise<boolean> {
  try {
    const res = await fetch(`${KEYCLOAK.localRealmUrl}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(3000),
    });
    return res.ok && ((await res.json()) as { issuer?: string }).issuer === KEYCLOAK.issuer;
  } catch {
    return false;
  }
}

let ready: Promise<void> | undefined;

/**
 * Makes the realm answer on 127.0.0.1:8180: a server already running is used as it is (a run pays for
 * Keycloak's start once); otherwise `node scripts/infra.mjs idp-up` starts it and leaves it running.
 */
export function ensureKeycloak(): Promise<void> {
  ready ??= (async () => {
    if (await realmAnswers()) return;
    const out: Buffer[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'infra.mjs'), 'idp-up'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => out.push(b));
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0 || !(await realmAnswers())) {
      throw new Error(
        `node scripts/infra.mjs idp-up failed (exit ${code}):\n${Buffer.concat(out).toString()}`,
      );
    }
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

export interface SignedIn {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** A minimal cookie jar: Keycloak's login session cookies, by name. */
class Cookies {
  private readonly jar = new Map<string, string>();
  keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      if (i > 0) this.jar.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
  }
  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const decodeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<');

/** Keycloak names its browser-facing URLs on the public origin; this process reaches it directly. */
const direct = (url: string) =>
  url.startsWith(KEYCLOAK.publicUrl) ? KEYCLOAK.localUrl + url.slice(KEYCLOAK.publicUrl.length) : url;

/**
 * Signs a user in as a browser does with the console's client: the authorization request with a PKCE
 * challenge, Keycloak's login form filled and posted, the code taken from the redirect and exchanged with
 * the verifier. Throws with Keycloak's message when the sign-in is refused.
 */
export async function signIn(
  username: string,
  password: string = DEV_PASSWORD,
  client: { clientId: string; redirectUri: string } = {
    clientId: KEYCLOAK.consoleClientId,
    redirectUri: KEYCLOAK.consoleRedirectUri,
  },
): Promise<SignedIn> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(12).toString('base64url');
  const cookies = new Cookies();
  const auth = new URL(`${KEYCLOAK.localRealmUrl}/protocol/openid-connect/auth`);
  auth.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: client.redirectUri,
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const page = await fetch(auth, { redirect: 'manual' });
  cookies.keep(page);
  const html = await page.text();
  const form = /<form\b[^>]*\bid="kc-form-login"[^>]*>/.exec(html)?.[0];
  const action = form && /\baction="([^"]+)"/.exec(form)?.[1];
  if (page.status !== 200 || !action) {
    throw new Error(`Keycloak showed no login form (HTTP ${page.status}): ${html.slice(0, 300)}`);
  }
  const posted = await fetch(direct(decodeHtml(action)), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, credentialId: '' }),
  });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location?.startsWith(client.redirectUri)) {
    const text = await posted.text();
    const message = /id="input-error[^"]*"[^>]*>\s*([^<]+)/.exec(text)?.[1]?.trim();
    throw new Error(
      `Keycloak refused the sign-in of ${username} (HTTP ${posted.status}): ${message ?? location}`,
    );
  }
  const back = new URL(location).searchParams;
  if (back.get('state') !== state) throw new Error('the redirect carries another state');
  const code = back.get('code');
  if (!code) throw new Error(`no code in the redirect: ${location}`);
  const res = await fetch(`${KEYCLOAK.localRealmUrl}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirectUri,
      client_id: client.clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`the token endpoint refused the code: ${JSON.stringify(body)}`);
  return {
    accessToken: String(body.access_token),
    idToken: String(body.id_token),
    refreshToken: String(body.refresh_token),
    expiresIn: Number(body.expires_in),
  };
}

/** The claims of a JWT, unverified (for assertions on what the provider put in it). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
