import { randomInt } from 'node:crypto';
import { TOPICS } from '@cp/contracts';
import { type ServiceProcess, token } from '../tests/e2e/support/stack';
import { cpuWindow } from './cpu';
import { drive, freshDatabase, percentile, rawInsertRate, type Result } from './lib';
import { startLoneService } from './lone-service';

/** Phường Ba Đình, Hà Nội (libs/admin-units/data/admin-units-2025-07.json). */
const COMMUNE = '00004';
const CONCURRENCY = 16;

const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Ngọc', 'Tâm'];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)];

/** A realistic Mẫu 01 report: one child, a reporter who agrees to be called back, the counsellor's notes. */
function contactBody(): Record<string, unknown> {
  const ageYears = randomInt(3, 16);
  return {
    channel: 'phone_111',
    receivedAt: new Date(Date.now() - randomInt(1, 30) * 60_000).toISOString(),
    purpose: 'report',
    concerns: ['violence', 'neglect'],
    category: 'abused',
    callerType: 'neighbour',
    incidentCommuneCode: COMMUNE,
    incidentPlace: 'Nhà riêng, tổ dân phố 5',
    immediateDanger: false,
    currentCondition: 'Trẻ có vết bầm ở tay, sợ hãi khi nhắc đến bố',
    actionsTaken: 'Đã báo trưởng thôn',
    children: [
      {
        sex: pick(['male', 'female'] as const),
        ageYears,
        name: `${pick(FAMILY)} Thị ${pick(GIVEN)}`,
        ethnicity: 'Kinh',
        specialCircumstances: ['seriously_harmed_by_violence'],
        residenceCommuneCode: COMMUNE,
      },
    ],
    reporter: {
      anonymous: false,
      name: `${pick(FAMILY)} Văn ${pick(GIVEN)}`,
      phone: `09${String(randomInt(100_000_000)).padStart(8, '0')}`,
      address: `Số ${randomInt(1, 200)} ngõ ${randomInt(1, 100)} phố Đội Cấn`,
      consentToContact: true,
    },
    notes:
      'Hàng xóm nghe tiếng trẻ khóc và tiếng quát mắng nhiều đêm liền; bố thường say rượu. ' +
      'Người gọi đồng ý để cán bộ xã liên hệ lại.',
  };
}

/** `total` POST /api/v1/contacts from CONCURRENCY clients; contacts/s and the latency of each. */
function driveContacts(svc: ServiceProcess, counsellor: string, total: number) {
  return drive(CONCURRENCY, total, async () => {
    const res = await svc.post<{ id: string }>('/api/v1/contacts', contactBody(), { token: counsellor });
    if (res.status !== 201 || res.version !== 1) {
      throw new Error(
        `intake record contact: expected HTTP 201 with ETag "1", got ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
  });
}

/**
 * What the service answers at best for a request that touches the database at all: an authenticated GET
 * of the follow-up list (one indexed query, no rows) at 16 concurrent clients — routing, guard, validation,
 * one round trip to PostgreSQL, JSON, sockets. Recording a contact cannot be faster than this.
 */
async function queryFloor(svc: ServiceProcess, tokenValue: string, total: number): Promise<number> {
  const { perSecond } = await drive(CONCURRENCY, total, async () => {
    const res = await svc.get('/api/v1/follow-ups', { token: tokenValue });
    if (res.status !== 200) throw new Error(`intake follow-ups: HTTP ${res.status}`);
  });
  return perSecond;
}

/**
 * Recording a Hotline 111 report (Mẫu 01) over real HTTP at 16 concurrent clients, against raw single-row
 * INSERTs at 16 concurrent clients measured in the same run, interleaved by round; beside it the floor of
 * an authenticated one-query GET, which shows how much of the gap is the HTTP stack rather than the write.
 */
export async function intakeBenchmarks(opts: {
  contacts: number;
  rounds: number;
  rawTotal: number;
}): Promise<Result[]> {
  const rawDb = await freshDatabase('in_raw');
  const started = await startLoneService('intake', [
    { name: 'case-feedback', topics: [TOPICS.caseworkCases] },
  ]).catch(async (err: unknown) => {
    await rawDb.drop();
    throw err;
  });
  const { svc, stop } = started;
  try {
    const counsellor = await token('hotline_counsellor', ['VN'], 'bench-counsellor');

    // Warm-up of both paths (JIT, connection pools).
    await rawInsertRate(rawDb.url, CONCURRENCY, 500);
    await driveContacts(svc, counsellor, CONCURRENCY * 10);

    const raw: number[] = [];
    const contacts: number[] = [];
    const floors: number[] = [];
    const latencies: number[] = [];
    const cpu: Record<string, number> = {};
    for (let round = 0; round < opts.rounds; round++) {
      raw.push(await rawInsertRate(rawDb.url, CONCURRENCY, opts.rawTotal));
      const window = cpuWindow({ [svc.database.name]: 'intake' });
      const r = await driveContacts(svc, counsellor, opts.contacts);
      for (const [group, seconds] of Object.entries(window.stop().byGroup))
        cpu[group] = (cpu[group] ?? 0) + seconds;
      contacts.push(r.perSecond);
      latencies.push(...r.latenciesMs);
      floors.push(await queryFloor(svc, counsellor, opts.contacts));
    }
    latencies.sort((a, b) => a - b);

    // Every request recorded exactly one contact, indexed for the work list.
    const expected = CONCURRENCY * 10 + opts.rounds * opts.contacts;
    const [stored] = await svc.query<{ events: number; indexed: number }>(
      `SELECT (SELECT count(*)::int FROM es_events WHERE type = 'ContactRecorded') AS events,
              (SELECT count(*)::int FROM in_contacts) AS indexed`,
    );
    if (stored.events !== expected || stored.indexed !== expected) {
      throw new Error(
        `intake recorded ${stored.events} contacts (${stored.indexed} indexed), expected ${expected}`,
      );
    }

    const rawRate = median(raw);
    const contactRate = median(contacts);
    return [
      {
        name: 'intake.contact.c16.ratio_to_raw_insert',
        value: round(contactRate / rawRate, 3),
        unit: 'ratio',
      },
      { name: 'intake.contact.c16.per_s', value: round(contactRate), unit: 'contacts/s' },
      { name: 'intake.contact.c16.raw_insert_per_s', value: round(rawRate), unit: 'rows/s' },
      { name: 'intake.contact.c16.p50_ms', value: round(percentile(latencies, 50), 2), unit: 'ms' },
      { name: 'intake.contact.c16.p99_ms', value: round(percentile(latencies, 99), 2), unit: 'ms' },
      // CPU time per contact recorded: the service, its database's backends, and this client.
      ...['intake', 'pg:intake', 'bench'].map((group) => ({
        name: `intake.contact.cpu_ms.${group}`,
        value: round(((cpu[group] ?? 0) * 1000) / (opts.rounds * opts.contacts), 2),
        unit: 'CPU ms/contact',
      })),
      {
        name: 'intake.query_floor.c16.ratio_to_raw_insert',
        value: round(median(floors) / rawRate, 3),
        unit: 'ratio',
      },
      { name: 'intake.query_floor.c16.per_s', value: round(median(floors)), unit: 'requests/s' },
    ];
  } finally {
    await stop().finally(() => rawDb.drop());
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
