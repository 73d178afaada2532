// What the end-to-end tests send to and read from the three services' HTTP APIs.
import { randomInt, randomUUID } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import { expectStatus, type HttpResponse, type ServiceProcess } from './stack';

export interface ContactView {
  id: string;
  version: number;
  status: 'open' | 'referred';
  receivedAt: string;
  purpose: string;
  children: Array<{ childRef: string; sex: string; ageYears: number | null; name: string | null }>;
  reporter: { anonymous: boolean; name: string | null; phone: string | null } | null;
  referral: {
    referralId: string;
    communeCode: string;
    provinceCode: string;
    urgent: boolean;
    referredAt: string;
    caseId: string | null;
    /** Status-level only: open or closed, taken up (acknowledgedAt), overdue. */
    caseState: 'open' | 'closed' | null;
    caseOverdue: boolean;
    acknowledgedAt: string | null;
  } | null;
}

export interface CaseView {
  id: string;
  version: number;
  status: string;
  source: { kind: 'hotline_referral'; contactId: string; referralId: string } | { kind: 'commune_direct' };
  incidentCommuneCode: string;
  provinceCode: string;
  receivedAt: string;
  openedAt: string;
  assignedWorkerId: string | null;
  children: Array<{ childRef: string; sex: string; ageYears: number | null }>;
  deadlines: Array<{
    kind: string;
    dueAt: string;
    policyVersion: string;
    status: string;
    metAt: string | null;
    overdue: boolean;
  }>;
}

export interface CaseloadItem {
  caseId: string;
  communeCode: string;
  provinceCode: string;
  status: string;
  source: string;
  contactId: string | null;
  receivedAt: string;
  initialAssessmentDueAt: string | null;
  assignedWorkerId: string | null;
  version: number;
}

export interface Caseload {
  unit: string;
  count: number;
  items: CaseloadItem[];
}

/** A Hotline 111 report (Mẫu 01) with personal data that must never leave intake. */
export function reportBody(opts: {
  childName?: string;
  reporterName?: string;
  phone?: string;
  receivedAt?: string;
  purpose?: 'report' | 'counselling' | 'information' | 'other';
  incidentCommuneCode?: string;
}): Record<string, unknown> {
  return {
    channel: 'phone_111',
    receivedAt: opts.receivedAt ?? new Date(Date.now() - 5 * 60_000).toISOString(),
    purpose: opts.purpose ?? 'report',
    concerns: opts.purpose && opts.purpose !== 'report' ? [] : ['violence', 'neglect'],
    ...(opts.incidentCommuneCode ? { incidentCommuneCode: opts.incidentCommuneCode } : {}),
    immediateDanger: false,
    children: [{ sex: 'female', ageYears: 9, ...(opts.childName ? { name: opts.childName } : {}) }],
    reporter: {
      anonymous: false,
      name: opts.reporterName ?? 'Người báo tin',
      phone: opts.phone ?? '0900000000',
      address: 'Số 1 ngõ 2',
      consentToContact: true,
    },
    notes: 'Hàng xóm nghe tiếng trẻ khóc nhiều đêm.',
  };
}

/** Records a report and refers it to `communeCode`; returns the contact as the referral left it. */
export async function recordAndRefer(
  intake: ServiceProcess,
  token: string,
  communeCode: string,
  body: Record<string, unknown> = reportBody({}),
  headers: Record<string, string> = {},
): Promise<ContactView> {
  const recorded = expectStatus(
    await intake.post<ContactView>('/api/v1/contacts', body, { token }),
    201,
    'record contact',
  );
  const referred = expectStatus(
    await intake.post<ContactView>(
      `/api/v1/contacts/${recorded.body.id}/referrals`,
      { communeCode },
      { token, headers: { 'If-Match': `"${recorded.version}"`, ...headers } },
    ),
    201,
    'refer contact',
  );
  return referred.body;
}

/** Runs `fn` over `items` with at most `limit` at a time; results keep the input order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}

/** A unique, ASCII-distinct token to embed in personal data, so a scan cannot miss or misattribute it. */
export const marker = (): string => randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();

export type { HttpResponse };

/** Two random communes of the 2025 list in different provinces (so parallel runs rarely share a caseload). */
export function pickCommunes(): {
  a: { code: string; province: string };
  b: { code: string; province: string };
} {
  const communes = AdminUnits.load().communes;
  const pick = () => communes[randomInt(communes.length)];
  const a = pick();
  let b = pick();
  while (b.parent === a.parent) b = pick();
  return { a: { code: a.code, province: a.parent! }, b: { code: b.code, province: b.parent! } };
}

/** A phone number nobody else's data will contain by chance: 09 + 8 random digits. */
export const randomPhone = (): string => `09${String(randomInt(100_000_000)).padStart(8, '0')}`;
