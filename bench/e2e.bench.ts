import { Stack, token } from '../tests/e2e/support/stack';
import { percentile, type Result } from './lib';

/**
 * Referral → visible in reporting, through the three running services and Kafka: a counsellor refers
 * reports at a steady rate; we time each from sending the referral to its case appearing in the
 * reporting caseload table (polled every 5 ms).
 */
export async function referralToReportingBenchmark(opts: {
  ratePerSecond: number;
  seconds: number;
}): Promise<Result[]> {
  const stack = await Stack.start({ name: 'bench', env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' } });
  try {
    const counsellor = await token('hotline_counsellor', ['VN']);
    const total = opts.ratePerSecond * opts.seconds;
    const contact = async (): Promise<string> => {
      const res = await stack.intake.post<{ id: string }>(
        '/api/v1/contacts',
        {
          channel: 'phone_111',
          receivedAt: new Date().toISOString(),
          purpose: 'report',
          concerns: ['violence'],
          incidentCommuneCode: '00004',
          children: [{ sex: 'female', ageYears: 9 }],
        },
        { token: counsellor },
      );
      if (res.status !== 201) throw new Error(`contact not recorded: ${res.status}`);
      return res.body.id;
    };
    const refer = async (id: string): Promise<void> => {
      const res = await stack.intake.post(
        `/api/v1/contacts/${id}/referrals`,
        { communeCode: '00004' },
        { token: counsellor },
      );
      if (res.status !== 201) throw new Error(`referral refused: ${res.status}`);
    };
    const visible = async (ids: string[]): Promise<Set<string>> => {
      const rows = await stack.reporting.query<{ contact_id: string }>(
        'SELECT contact_id FROM rm_caseload WHERE contact_id = ANY($1::uuid[])',
        [ids],
      );
      return new Set(rows.map((r) => r.contact_id));
    };

    // Prepare the contacts first, so the measured load is the referrals alone; warm the path up.
    const ids: string[] = [];
    for (let i = 0; i < total + 10; i++) ids.push(await contact());
    const warm = ids.splice(0, 10);
    await Promise.all(warm.map(refer));
    for (let t = Date.now(); (await visible(warm)).size < warm.length;) {
      if (Date.now() - t > 60_000) throw new Error('warm-up referrals never reached reporting');
      await new Promise((r) => setTimeout(r, 20));
    }

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling || sentAt.size > 0) {
        const pending = [...sentAt.keys()];
        if (pending.length) {
          const seen = await visible(pending);
          const now = performance.now();
          for (const id of seen) {
            latencies.push(now - sentAt.get(id)!);
            sentAt.delete(id);
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const interval = 1000 / opts.ratePerSecond;
    const start = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const id = ids[i];
      sentAt.set(id, performance.now());
      inflight.push(refer(id));
    }
    await Promise.all(inflight);
    const deadline = Date.now() + 60_000;
    while (sentAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    polling = false;
    const lost = sentAt.size;
    sentAt.clear();
    await poller;
    latencies.sort((a, b) => a - b);
    return [
      { name: 'e2e.referral_to_reporting.p50_ms', value: Math.round(percentile(latencies, 50)), unit: 'ms' },
      { name: 'e2e.referral_to_reporting.p99_ms', value: Math.round(percentile(latencies, 99)), unit: 'ms' },
      { name: 'e2e.referral_to_reporting.rate_per_s', value: opts.ratePerSecond, unit: 'referrals/s' },
      { name: 'e2e.referral_to_reporting.not_visible_after_60s', value: lost, unit: 'referrals' },
    ];
  } finally {
    await stack.stop();
  }
}
