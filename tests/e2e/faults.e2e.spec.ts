// Faults, end to end, on a DEDICATED Kafka broker started for this file (the shared broker on :9092 and
// the manual stack on :3001-3003 are never touched):
//   (a) the broker goes down while the hotline keeps recording and referring reports: intake answers,
//       its transactional outbox keeps the referrals, and when the broker is back every referral opens
//       exactly one case and reaches reporting;
//   (b) casework crashes (SIGKILL, at its development-only fault point CP_FAULT_CRASH_AFTER_COMMIT) right
//       after committing the effect of a referral and before committing its Kafka offset: after a restart
//       Kafka delivers those messages again, the inbox turns every one of them away (counted), every
//       referral has exactly one case and reporting lists each once;
//   (c) the broker is down when the services stop and start: each stops within 10 s, starts without it
//       (ready, degraded), takes a referral, and connects in the background when the broker returns.

import { TOPICS } from '@cp/contracts';
import { eventually } from '@cp/testing';
import {
  mapLimit,
  pickCommunes,
  randomPhone,
  recordAndRefer,
  reportBody,
  type Caseload,
  type ContactView,
} from './support/api';
import { DedicatedKafkaBroker, committedOffsets } from './support/kafka';
import { Stack, expectStatus, token, type StackOptions } from './support/stack';

jest.setTimeout(180_000);

let broker: DedicatedKafkaBroker | undefined;
const stacks: Stack[] = [];
let counsellor: string;

beforeAll(async () => {
  broker = await DedicatedKafkaBroker.create('faults');
  counsellor = await token('hotline_counsellor', ['VN'], 'counsellor-faults');
}, 120_000);

afterAll(async () => {
  // Everything goes, even after a failure: services and their databases first, then the broker.
  const results = await Promise.allSettled(stacks.map((s) => s.stop()));
  await broker?.destroy();
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new Error(failed.map((f) => String(f.reason)).join('; '));
}, 120_000);

/**
 * Runs `fn` with a fresh stack on the dedicated broker and stops it afterwards: a stack left running
 * would consume the next test's referrals too (same topics, its own groups) and open their cases in
 * its own casework, which the next test's reporting would then list.
 */
async function withStack(
  name: string,
  fn: (stack: Stack) => Promise<void>,
  opts: Omit<StackOptions, 'name' | 'kafkaBrokers'> = {},
): Promise<void> {
  const stack = await Stack.start({ ...opts, name, kafkaBrokers: broker!.brokers });
  stacks.push(stack);
  try {
    await fn(stack);
  } finally {
    await stack.stop();
  }
}

/** Cases reporting lists for `communeCode`, keyed by contact id, restricted to `contactIds`. */
async function listedByContact(stack: Stack, communeCode: string, contactIds: Set<string>, tok: string) {
  const res = await stack.reporting.get<Caseload>(`/api/v1/cases?unit=${communeCode}&limit=500`, {
    token: tok,
  });
  const items = expectStatus(res, 200, 'caseload').body.items.filter(
    (i) => i.contactId && contactIds.has(i.contactId),
  );
  const byContact = new Map<string, string[]>();
  for (const i of items) byContact.set(i.contactId!, [...(byContact.get(i.contactId!) ?? []), i.caseId]);
  return { items, byContact };
}

/** CaseOpened events in casework's event store per referral id (only the given ones). */
async function casesOpenedPerReferral(stack: Stack, referralIds: string[]): Promise<Map<string, number>> {
  const rows = await stack.casework.query<{ referral_id: string; n: number }>(
    `SELECT data->'source'->>'referralId' AS referral_id, count(*)::int AS n FROM es_events
     WHERE type = 'CaseOpened' AND data->'source'->>'referralId' = ANY($1::text[])
     GROUP BY 1`,
    [referralIds],
  );
  return new Map(rows.map((r) => [r.referral_id, r.n]));
}

function report(i: number): Record<string, unknown> {
  return reportBody({ childName: `Trẻ số ${i}`, reporterName: `Người báo ${i}`, phone: randomPhone() });
}

describe('faults on a dedicated Kafka broker', () => {
  it('(a) Kafka down: intake still records and refers (outbox), and after the broker returns every referral opens exactly one case', async () => {
    const N = 20;
    const { a: commune } = pickCommunes();
    const worker = await token('commune_worker', [commune.code], `worker-${commune.code}`);
    await withStack('kafka-down', async (stack) => {
      // The pipeline works before the fault (and every consumer has joined its group).
      const warmup = await recordAndRefer(stack.intake, counsellor, commune.code, report(0));
      await eventually(
        async () => {
          const res = await stack.intake.get<ContactView>(`/api/v1/contacts/${warmup.id}`, {
            token: counsellor,
          });
          return res.body.referral?.caseId ?? undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: 'the warm-up referral to open a case' },
      );

      await broker!.stop();
      expect(broker!.running).toBe(false);
      expect(await broker!.ready()).toBe(false);

      // While the broker is down the hotline keeps working: every answer is a 201.
      const referred = await mapLimit(
        Array.from({ length: N }, (_, i) => i + 1),
        5,
        (i) => recordAndRefer(stack.intake, counsellor, commune.code, report(i)),
      );
      const contactIds = new Set(referred.map((c) => c.id));
      const referralIds = referred.map((c) => c.referral!.referralId);
      expect(contactIds.size).toBe(N);
      // …and the referrals wait in intake's outbox, committed with the events, not yet published.
      const waiting = await stack.intake.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM es_outbox
       WHERE published_at IS NULL AND payload->>'type' = 'ReportReferred' AND message_key = ANY($1::text[])`,
        [[...contactIds]],
      );
      expect(waiting[0].n).toBe(N);
      // The services notice the outage…
      // (degraded, not unready: the load balancer keeps sending reports, which the outbox keeps).
      const health = await fetch(`${stack.intake.baseUrl}/health/ready`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        degraded: ['kafka'],
        info: { database: { status: 'up' }, kafka: { status: 'up', state: 'degraded' } },
      });
      // …and the broker stays down until the relay has really tried and failed to publish (kafkajs gives
      // up after its retries, ~15-20 s): the outbox rows record the failed attempt and stay unpublished.
      const failed = await eventually(
        async () => {
          const rows = await stack.intake.query<{
            attempts: number;
            last_error: string | null;
            published: boolean;
          }>(
            `SELECT attempts, last_error, published_at IS NOT NULL AS published FROM es_outbox
             WHERE message_key = ANY($1::text[])`,
            [[...contactIds]],
          );
          return rows.some((r) => r.attempts > 0) ? rows : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500, what: 'the outbox relay to record a failed publish' },
      );
      expect(failed).toHaveLength(N);
      expect(failed.filter((r) => r.published)).toEqual([]);
      expect(failed.find((r) => r.attempts > 0)?.last_error).toBeTruthy();
      // Nothing can have reached casework.
      expect((await casesOpenedPerReferral(stack, referralIds)).size).toBe(0);

      await broker!.start();

      // Every contact learns its case…
      await eventually(
        async () => {
          const views = await Promise.all(
            [...contactIds].map(async (id) => {
              const res = await stack.intake.get<ContactView>(`/api/v1/contacts/${id}`, {
                token: counsellor,
              });
              return res.body;
            }),
          );
          return views.every((v) => v.referral?.caseId) ? views : undefined;
        },
        {
          timeoutMs: 120_000,
          intervalMs: 500,
          what: `all ${N} contacts to get a case id after the broker returned`,
        },
      );
      // …reporting lists exactly these N cases, each once…
      const listed = await eventually(
        async () => {
          const l = await listedByContact(stack, commune.code, contactIds, worker);
          return l.byContact.size === N ? l : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: `reporting to list the ${N} cases` },
      );
      expect(listed.items).toHaveLength(N);
      expect([...listed.byContact.values()].every((ids) => ids.length === 1)).toBe(true);
      // …and casework opened exactly one case per referral.
      const opened = await casesOpenedPerReferral(stack, referralIds);
      expect(referralIds.map((r) => opened.get(r) ?? 0)).toEqual(referralIds.map(() => 1));
      // The outbox drains: the referrals were published, and so are the access records of the reads just
      // made (each read of a contact is recorded in the outbox, published a moment later).
      await eventually(
        async () => {
          const [row] = await stack.intake.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM es_outbox WHERE published_at IS NULL`,
          );
          return row.n === 0 ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, what: "intake's outbox to drain" },
      );
    });
  });

  it("(b) casework crashes after a referral's effect, before its offset: Kafka redelivers, the inbox turns every redelivery away, one case per referral", async () => {
    const N = 40;
    const { a: commune } = pickCommunes();
    const worker = await token('commune_worker', [commune.code], `worker-${commune.code}`);
    if (!broker!.running) await broker!.start(); // (a) may have failed with the broker down
    await withStack(
      'consumer-crash',
      async (stack) => {
        // Record first, then refer all 40 at once: casework gets a burst to chew on.
        const recorded = await mapLimit(
          Array.from({ length: N }, (_, i) => i + 1),
          8,
          async (i) => {
            const res = await stack.intake.post<ContactView>('/api/v1/contacts', report(i), {
              token: counsellor,
            });
            return expectStatus(res, 201, 'record contact');
          },
        );
        const contactIds = new Set(recorded.map((r) => r.body.id));
        const referred = await mapLimit(recorded, 10, async (r) => {
          const res = await stack.intake.post<ContactView>(
            `/api/v1/contacts/${r.body.id}/referrals`,
            { communeCode: commune.code },
            { token: counsellor, headers: { 'If-Match': `"${r.version}"` } },
          );
          return expectStatus(res, 201, 'refer').body;
        });
        const referralIds = referred.map((c) => c.referral!.referralId);

        // Casework kills itself once the first transaction that opened cases has committed, before Kafka
        // has that batch's offset.
        const exit = await stack.casework.exited(60_000);
        expect(exit.signal).toBe('SIGKILL');
        expect(stack.casework.logLines().map((l) => l.msg)).toContain(
          'fault point: crashing after the commit, before the offset',
        );
        expect((await casesOpenedPerReferral(stack, referralIds)).size).toBeGreaterThan(0);
        // What Kafka must deliver again: every message the inbox holds at or past the group's committed
        // offset of its partition (at least the crashed transaction's, whose offset was never resolved).
        const group = `${stack.consumerGroupPrefix}.casework.referrals`;
        const topic = stack.topic(TOPICS.intakeContacts);
        const committed = await committedOffsets(stack.kafkaBrokers, group, topic);
        const held = await stack.casework.query<{ partition: number; offset: string }>(
          `SELECT kafka_partition AS partition, kafka_offset::text AS offset FROM msg_inbox
           WHERE consumer = $1 AND topic = $2`,
          [group, topic],
        );
        const redeliveries = held.filter(
          (r) => BigInt(r.offset) >= (committed.get(r.partition) ?? 0n),
        ).length;
        expect(redeliveries).toBeGreaterThan(0);

        // Restarted without the fault point.
        stack.casework.setEnv({ CP_FAULT_CRASH_AFTER_COMMIT: undefined });
        await stack.casework.start();

        // Every referral ends with a case in casework…
        const opened = await eventually(
          async () => {
            const o = await casesOpenedPerReferral(stack, referralIds);
            return o.size === N ? o : undefined;
          },
          {
            timeoutMs: 90_000,
            intervalMs: 500,
            what: `casework to open a case for all ${N} referrals after the restart`,
          },
        );
        // …exactly one…
        expect(referralIds.map((r) => opened.get(r) ?? 0)).toEqual(referralIds.map(() => 1));
        // …and reporting lists each exactly once.
        const listed = await eventually(
          async () => {
            const l = await listedByContact(stack, commune.code, contactIds, worker);
            return l.byContact.size === N ? l : undefined;
          },
          { timeoutMs: 90_000, intervalMs: 500, what: `reporting to list all ${N} cases after the restart` },
        );
        expect(listed.items).toHaveLength(N);
        expect([...listed.byContact.values()].every((ids) => ids.length === 1)).toBe(true);
        // Still exactly one once everything has settled, and nothing was dead-lettered on the way.
        const settled = await casesOpenedPerReferral(stack, referralIds);
        expect(referralIds.map((r) => settled.get(r) ?? 0)).toEqual(referralIds.map(() => 1));
        const dead = await stack.casework.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM msg_dead_letters`,
        );
        expect(dead[0].n).toBe(0);
        // The redelivery really happened and the inbox turned it away: the restarted consumer counted
        // exactly those messages as duplicates.
        const duplicates = async () => {
          const text = await (await fetch(`${stack.casework.baseUrl}/metrics`)).text();
          const line = text
            .split('\n')
            .find(
              (l) =>
                l.startsWith('cp_messages_consumed_total{') &&
                l.includes(`topic="${topic}"`) &&
                l.includes('outcome="duplicate"'),
            );
          return line ? Number(line.split(' ').pop()) : 0;
        };
        await eventually(async () => ((await duplicates()) >= redeliveries ? true : undefined), {
          timeoutMs: 30_000,
          intervalMs: 500,
          what: `casework to count the ${redeliveries} redelivered message(s) as duplicates`,
        });
        expect(await duplicates()).toBe(redeliveries);
      },
      { serviceEnv: { casework: { CP_FAULT_CRASH_AFTER_COMMIT: 'ReportReferred' } } },
    );
  });

  it('(c) Kafka down at stop and at start: each service stops within 10 s, starts without the broker, serves, and connects when it returns', async () => {
    const { a: commune } = pickCommunes();
    await withStack('kafka-absent', async (stack) => {
      const services = [stack.intake, stack.casework, stack.reporting];
      await broker!.stop();
      // An orchestrator kills a service that has not stopped 10 s after SIGTERM: with the broker gone, the
      // Kafka clients' retries must not hold the shutdown up.
      for (const svc of services) {
        const t0 = Date.now();
        await svc.stop();
        expect({ app: svc.app, stoppedWithin10s: Date.now() - t0 < 10_000 }).toEqual({
          app: svc.app,
          stoppedWithin10s: true,
        });
      }
      // Started while the broker is down, each service serves: live, and ready but degraded.
      await Promise.all(services.map((svc) => svc.start()));
      for (const svc of services) {
        expect((await fetch(`${svc.baseUrl}/health/live`)).status).toBe(200);
        const ready = await fetch(`${svc.baseUrl}/health/ready`);
        expect({ app: svc.app, status: ready.status, body: await ready.json() }).toMatchObject({
          app: svc.app,
          status: 200,
          body: { degraded: ['kafka'], info: { kafka: { state: 'degraded' } } },
        });
        expect(svc.logText()).toMatch(/Kafka is unreachable: serving without it/);
      }
      // The hotline records and refers meanwhile; the referral waits in the outbox.
      const referred = await recordAndRefer(stack.intake, counsellor, commune.code, report(1));

      await broker!.start();
      // Each service connects in the background, and the referral opens its case.
      await eventually(
        async () => {
          const res = await stack.intake.get<ContactView>(`/api/v1/contacts/${referred.id}`, {
            token: counsellor,
          });
          return res.body.referral?.caseId ?? undefined;
        },
        { timeoutMs: 120_000, intervalMs: 500, what: 'the referral made without a broker to open a case' },
      );
      for (const svc of services) {
        await eventually(
          async () => {
            const body = (await (await fetch(`${svc.baseUrl}/health/ready`)).json()) as {
              degraded: string[];
            };
            return body.degraded.length === 0 ? true : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500, what: `${svc.app} to report Kafka connected` },
        );
      }
    });
  });
});
