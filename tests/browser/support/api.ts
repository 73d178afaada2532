// The services' APIs as the tests reach them directly (not through the browser): to prepare what a screen
// should show, and to check what a user of another service sees. Tokens come from Keycloak's real sign-in.
import { randomInt } from 'node:crypto';
import { signIn as signInOverHttp } from '../../../libs/testing/src/keycloak';
import { browserStack } from './stack-file';

const tokens = new Map<string, { token: string; until: number }>();

/** An access token of a development user, from Keycloak (authorization code + PKCE over HTTP). */
export async function tokenOf(username: string): Promise<string> {
  const known = tokens.get(username);
  if (known && known.until > Date.now()) return known.token;
  const signed = await signInOverHttp(username);
  tokens.set(username, { token: signed.accessToken, until: Date.now() + (signed.expiresIn - 30) * 1000 });
  return signed.accessToken;
}

export interface Answer<T> {
  status: number;
  body: T;
  etag: string | null;
}

export async function call<T>(
  service: 'intake' | 'casework' | 'reporting',
  method: 'GET' | 'POST',
  path: string,
  username: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const res = await fetch(`${browserStack()[service]}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenOf(username)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    etag: res.headers.get('etag'),
  };
}

/** Calls and insists on the status; the problem the service answered otherwise is in the error. */
export async function must<T>(status: number, ...args: Parameters<typeof call>): Promise<T> {
  const answer = await call<T>(...args);
  if (answer.status !== status) {
    throw new Error(
      `${args[1]} ${args[2]} answered ${answer.status}, not ${status}: ${JSON.stringify(answer.body)}`,
    );
  }
  return answer.body;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Thị', 'Văn', 'Minh', 'Ngọc', 'Thu', 'Đức', 'Quốc', 'Hải', 'Thanh', 'Bảo'];
const GIVEN = [
  'Ánh',
  'Huệ',
  'Thắm',
  'Hưng',
  'Dũng',
  'Nguyệt',
  'Tường',
  'Khuê',
  'Quỳnh',
  'Đạt',
  'Yến',
  'Lượng',
];
const pick = (xs: string[]) => xs[randomInt(xs.length)];

/** A child's name with diacritics, different in every test (four words, so that two tests rarely meet). */
export const childName = (): string => `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(MIDDLE)} ${pick(GIVEN)}`;

/** A phone number nobody else's report carries. */
export const randomPhone = (): string => `09${String(randomInt(100_000_000)).padStart(8, '0')}`;

/** The communes of the development users (Hải Phòng, 2025 list): Tứ Kỳ is worker.tuky's. */
export const TU_KY = { code: '11074', name: 'Tứ Kỳ' } as const;

export interface Contact {
  id: string;
  version: number;
  status: string;
  referral: { caseId: string | null; communeCode: string } | null;
}

/** A Hotline 111 report of a girl of nine in Tứ Kỳ, recorded through the API by the counsellor. */
export function recordReport(name: string, phone = randomPhone()): Promise<Contact> {
  return must<Contact>(201, 'intake', 'POST', '/api/v1/contacts', 'counsellor', {
    channel: 'phone_111',
    receivedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    purpose: 'report',
    concerns: ['violence'],
    incidentCommuneCode: TU_KY.code,
    immediateDanger: false,
    children: [{ sex: 'female', ageYears: 9, name }],
    reporter: { anonymous: false, name: 'Người hàng xóm', phone, consentToContact: true },
    notes: 'Hàng xóm nghe tiếng trẻ khóc nhiều đêm.',
  });
}

/**
 * Refers a recorded report to Tứ Kỳ, as the counsellor would from the contact's page: with the version
 * read just before. The browser stack's forwarding clock is 30 seconds and these reports were received an
 * hour ago, so the follow-up watcher may raise the forwarding alert (a new version) at any moment: a 409
 * from that is read again and retried, a second refusal fails.
 */
export async function refer(contact: Contact, urgent = false): Promise<Contact> {
  for (let attempt = 1; ; attempt++) {
    const current = await must<Contact>(200, 'intake', 'GET', `/api/v1/contacts/${contact.id}`, 'counsellor');
    const answer = await call<Contact>(
      'intake',
      'POST',
      `/api/v1/contacts/${contact.id}/referrals`,
      'counsellor',
      { communeCode: TU_KY.code, urgent },
      { 'if-match': `"${current.version}"` },
    );
    if (answer.status === 201) return answer.body;
    if (answer.status !== 409 || attempt === 2) {
      throw new Error(`referral of ${contact.id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
  }
}

/** Waits until `probe` answers something, or fails after `ms` with `what`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
