// Tamper evidence end to end (event-sourcing rules 10 and 11), through the three running services and the
// real (shared) Kafka broker: a commune opens cases and takes a couple of steps; reporting keeps a copy of
// each case's hash chain (the `integrity` block of every casework event) and the signed checkpoints
// casework and intake publish every CHECKPOINT_MS on their own topics, and sweeps them every
// INTEGRITY_SWEEP_MS. The services work as the restricted database role, which may not change what they
// stored; someone with the OWNER's access to a database (as an attacker with the database password would
// have) changes it behind the applications' backs:
//   - edits an event's data            → casework's own verification fails (hash_mismatch), named;
//   - edits it and recomputes the chain → casework verifies, but the copy and the next checkpoint differ,
//                                          and the sweep raises an alert nobody asked for (alert list,
//                                          Prometheus, cp.reporting.integrity.alerts.v1);
//   - changes an event's recorded_at    → hash_mismatch, and the producer's own re-verification reports it;
//   - deletes a data subject's key      → tampering (subject_key_missing), never "[erased]";
//   - deletes the last event            → casework verifies, the copy names it missing_in_source.
// Each scenario has its own case. Each stack has its own topics on the shared broker.
import { Client } from 'pg';
import { TOPICS, type IntegrationEnvelope, type IntegrityAlertV1 } from '@cp/contracts';
import { eventHash, type HashVersion } from '@cp/event-store';
import { eventually } from '@cp/testing';
import { reportBody, type ContactView } from './support/api';
import { readTopics } from './support/kafka';
import { expectStatus, type HttpResponse, type Problem } from './support/stack';
import { pickCommunes, stackForFile } from './support/suite';

jest.setTimeout(180_000);

const CHECKPOINT_MS = 300;
const INTEGRITY_SWEEP_MS = 500;
const POLL = { timeoutMs: 60_000, intervalMs: 300 };

interface Difference {
  version: number;
  eventId: string | null;
  difference: 'altered' | 'missing_in_source' | 'missing_in_copy';
}

interface Integrity {
  caseId: string;
  streamId: string | null;
  verdict: 'verified' | 'tampered' | 'incomplete';
  detail: string;
  copy: { ok: boolean; events: number; headVersion: number; headHash: string | null };
  source:
    | { reachable: false; error: string }
    | {
        reachable: true;
        status: number;
        found: boolean | null;
        ok?: boolean;
        events?: number;
        firstBroken?: { streamVersion: number; eventId: string | null; reason: string } | null;
      };
  comparison: { compared: number; firstDifference: Difference | null; differences: Difference[] } | null;
  checkpoints: {
    received: number;
    latest: { sequence: number; version: number; hash: string; matchesCopy: boolean | null } | null;
    differences: Array<Difference & { sequence: number; detail: string }>;
  };
  findings: Array<{ version: number | null; where: string; reason: string; tampered: boolean }>;
}

interface CaseworkIntegrity {
  ok: boolean;
  streamId: string;
  events: number;
  headHash?: string | null;
  firstBroken?: { streamVersion: number; eventId: string | null; reason: string };
  chain?: Array<{ version: number; eventId: string; hash: string; prevHash: string }>;
}

interface CheckpointList {
  verified: boolean;
  detail: string;
  items: Array<{
    producer: string;
    sequence: number;
    digest: string;
    digestVerifies: boolean;
    signatureVerifies: boolean;
    link: string;
  }>;
}

const { A, P, Q } = pickCommunes();
const WORKER = `worker-integrity-${A}`;
const { stack, tok } = stackForFile(
  {
    name: 'integrity',
    env: { CHECKPOINT_MS: String(CHECKPOINT_MS), INTEGRITY_SWEEP_MS: String(INTEGRITY_SWEEP_MS) },
  },
  {
    worker: ['commune_worker', [A], WORKER],
    chair: ['commune_chair', [A], `chair-integrity-${A}`],
    inspector: ['inspector', [P], `inspector-${P}`],
    outsider: ['inspector', [Q], `inspector-${Q}`],
    admin: ['admin', ['VN'], 'admin-integrity'],
    counsellor: ['hotline_counsellor', ['VN'], 'counsellor-integrity'],
    supervisor: ['hotline_supervisor', ['VN'], 'supervisor-integrity'],
  },
);

// ───────────────────────────── helpers ─────────────────────────────

const scores = {
  severity_of_harm: 'medium',
  abuser_access: 'low',
  care_setting_obstacles: 'medium',
  child_capacity: 'low',
};

async function step(caseId: string, path: string, body: unknown, t: string, version: number) {
  const res = await stack.casework.post<{ version: number }>(`/api/v1/cases/${caseId}/${path}`, body, {
    token: t,
    headers: { 'If-Match': `"${version}"` },
  });
  return expectStatus(res, 200, `POST ${path}`).body.version;
}

/** A case opened by the commune, assigned and assessed: three events in casework's store. */
async function openCase(): Promise<string> {
  const created = expectStatus(
    await stack.casework.post<{ id: string; version: number }>(
      '/api/v1/cases',
      {
        receivedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
        incidentCommuneCode: A,
        concerns: ['neglect'],
        children: [{ sex: 'female', ageYears: 7 }],
      },
      { token: tok.chair },
    ),
    201,
    'open case',
  ).body;
  let v = await step(created.id, 'assignment', { workerId: WORKER }, tok.chair, created.version);
  v = await step(
    created.id,
    'initial-assessment',
    {
      scores,
      seriousThreat: false,
      caregiverIsAbuser: false,
      outcome: 'support',
      summary: 'Left alone after school.',
    },
    tok.worker,
    v,
  );
  expect(v).toBe(3);
  return created.id;
}

function integrityOf(caseId: string, t = tok.inspector): Promise<HttpResponse<Integrity | Problem>> {
  return stack.reporting.get<Integrity | Problem>(`/api/v1/audit/cases/${caseId}/integrity`, { token: t });
}

async function integrity(caseId: string): Promise<Integrity> {
  return expectStatus(await integrityOf(caseId), 200, `integrity of ${caseId}`).body as Integrity;
}

/** Polls until reporting verifies the case with a checkpoint covering its head `version`. */
async function verifiedWithCheckpoint(caseId: string, version: number): Promise<Integrity> {
  return eventually(
    async () => {
      const r = await integrity(caseId);
      return r.verdict === 'verified' &&
        r.copy.headVersion === version &&
        r.checkpoints.latest?.version === version
        ? r
        : undefined;
    },
    { ...POLL, what: `reporting to verify case ${caseId} at version ${version} with a checkpoint` },
  );
}

async function until(caseId: string, ok: (r: Integrity) => boolean, what: string): Promise<Integrity> {
  return eventually(
    async () => {
      const r = await integrity(caseId);
      return ok(r) ? r : undefined;
    },
    { ...POLL, what },
  );
}

/** Rows of casework's es_events for a case, oldest first. */
async function storedEvents(caseId: string) {
  return stack.casework.query<{
    event_id: string;
    stream_id: string;
    stream_type: string;
    stream_version: number;
    type: string;
    schema_version: number;
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    occurred_at: Date;
    recorded_at: Date;
    previous_hash: string;
    hash: string;
    hash_version: HashVersion;
  }>(`SELECT * FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [`case-${caseId}`]);
}

/**
 * Someone with the owner's access to a service's database (the migrations' role, as an attacker with the
 * database password would have): the application's role may not change these tables at all, and the
 * owner has to switch their append-only triggers off first.
 */
async function intrude(statements: Array<[string, unknown[]]>, service = stack.casework): Promise<void> {
  const c = new Client({ connectionString: service.database.url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(`ALTER TABLE es_events DISABLE TRIGGER USER`);
    await c.query(`ALTER TABLE pd_subject_keys DISABLE TRIGGER USER`);
    for (const [sql, params] of statements) await c.query(sql, params);
    await c.query(`ALTER TABLE es_events ENABLE TRIGGER USER`);
    await c.query(`ALTER TABLE pd_subject_keys ENABLE TRIGGER USER`);
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
}

interface AlertList {
  total: number;
  lastSweep: { at: string; outcome: string } | null;
  items: Array<IntegrityAlertV1 & { evidence: Record<string, unknown> }>;
}

/** Polls reporting's alert list until alerts about `streamId` satisfy `ok` (nobody asks about the stream). */
async function alertsAbout(
  streamId: string,
  ok: (alerts: AlertList['items']) => boolean,
  what: string,
): Promise<AlertList['items']> {
  return eventually(
    async () => {
      const res = await stack.reporting.get<AlertList>('/api/v1/audit/integrity/alerts?limit=500', {
        token: tok.inspector,
      });
      const mine = expectStatus(res, 200, 'alerts').body.items.filter((a) => a.streamId === streamId);
      return ok(mine) ? mine : undefined;
    },
    { ...POLL, what },
  );
}

async function caseworkIntegrity(caseId: string, detail = false): Promise<CaseworkIntegrity> {
  const res = await stack.casework.get<CaseworkIntegrity>(
    `/api/v1/cases/${caseId}/integrity${detail ? '?detail=events' : ''}`,
    { token: tok.inspector },
  );
  return expectStatus(res, 200, 'casework integrity').body;
}

// ───────────────────────────── scenarios ─────────────────────────────

describe('an untouched case', () => {
  it('is verified: the copy, casework’s own verification and the checkpoints agree', async () => {
    const caseId = await openCase();
    const r = await verifiedWithCheckpoint(caseId, 3);
    expect(r).toMatchObject({
      streamId: `case-${caseId}`,
      copy: { ok: true, events: 3 },
      source: { reachable: true, status: 200, found: true, ok: true, events: 3 },
      comparison: { compared: 3, firstDifference: null },
      checkpoints: { latest: { version: 3, matchesCopy: true }, differences: [] },
      findings: [],
    });
    expect(r.detail).toContain(`All 3 events of case ${caseId} verify`);

    // casework's default answer is unchanged; ?detail=events adds the stored chain the copy matches.
    const plain = await caseworkIntegrity(caseId);
    expect(plain).toEqual({ ok: true, streamId: `case-${caseId}`, events: 3, headHash: r.copy.headHash });
    const detailed = await caseworkIntegrity(caseId, true);
    const stored = await storedEvents(caseId);
    expect(detailed.chain).toEqual(
      stored.map((e) => ({
        version: e.stream_version,
        eventId: e.event_id,
        hash: e.hash,
        prevHash: e.previous_hash,
      })),
    );
    const bad = await stack.casework.get<Problem>(`/api/v1/cases/${caseId}/integrity?detail=all`, {
      token: tok.inspector,
    });
    expect(bad.status).toBe(400);
  });

  it('answers 404 outside the user’s units or for an unknown case, and 403 to a hotline role', async () => {
    const caseId = await openCase();
    await verifiedWithCheckpoint(caseId, 3);
    const outside = await integrityOf(caseId, tok.outsider);
    expect({ status: outside.status, code: (outside.body as Problem).code }).toEqual({
      status: 404,
      code: 'INTEGRITY.CASE_NOT_FOUND',
    });
    expect(outside.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const unknown = await integrityOf('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect((await integrityOf(caseId, tok.counsellor)).status).toBe(403);
    // The commune's own worker may check its case too.
    expect(((await integrityOf(caseId, tok.worker)).body as Integrity).verdict).toBe('verified');
  });
});

/**
 * Rewrites event 2 of the case and re-chains 2..3 with the real hash function, as the owner: casework's
 * own recomputation still holds, only the copy and the checkpoints can tell. Returns the new last hash.
 */
async function rewriteTail(caseId: string): Promise<string> {
  const stored = await storedEvents(caseId);
  let prev = stored[0].hash;
  const statements: Array<[string, unknown[]]> = [];
  for (const e of stored.slice(1)) {
    const data = e.stream_version === 2 ? { ...e.data, workerId: 'someone-else' } : e.data;
    const hash = eventHash(prev, {
      streamId: e.stream_id,
      streamType: e.stream_type,
      streamVersion: e.stream_version,
      eventId: e.event_id,
      type: e.type,
      schemaVersion: e.schema_version,
      data,
      metadata: e.metadata,
      occurredAt: new Date(e.occurred_at).toISOString(),
      recordedAt: new Date(e.recorded_at).toISOString(),
      hashVersion: e.hash_version,
    });
    statements.push([
      `UPDATE es_events SET data = $2, previous_hash = $3, hash = $4 WHERE event_id = $1`,
      [e.event_id, JSON.stringify(data), prev, hash],
    ]);
    prev = hash;
  }
  await intrude(statements);
  return prev;
}

describe('tampering with casework’s database', () => {
  it('an event’s data edited in place: tampered, naming the event with casework’s hash_mismatch', async () => {
    const caseId = await openCase();
    await verifiedWithCheckpoint(caseId, 3);
    const [, second] = await storedEvents(caseId);
    await intrude([
      [
        `UPDATE es_events SET data = jsonb_set(data, '{workerId}', '"someone-else"') WHERE event_id = $1`,
        [second.event_id],
      ],
    ]);

    const r = await integrity(caseId);
    expect(r).toMatchObject({
      verdict: 'tampered',
      source: {
        reachable: true,
        ok: false,
        firstBroken: { streamVersion: 2, eventId: second.event_id, reason: 'hash_mismatch' },
      },
    });
    expect(r.detail).toContain(`Event 2 (id ${second.event_id}) of case ${caseId} was altered`);
    expect(r.detail).toContain('hash_mismatch');
  });

  it('an event edited and every hash recomputed: casework verifies, the copy and the next checkpoint do not', async () => {
    const caseId = await openCase();
    const before = await verifiedWithCheckpoint(caseId, 3);
    const stored = await storedEvents(caseId);
    const prev = await rewriteTail(caseId);
    expect(await caseworkIntegrity(caseId)).toMatchObject({ ok: true, events: 3 });

    const r = await integrity(caseId);
    expect(r).toMatchObject({
      verdict: 'tampered',
      source: { reachable: true, ok: true },
      comparison: { firstDifference: { version: 2, eventId: stored[1].event_id, difference: 'altered' } },
    });
    expect(r.detail).toMatch(new RegExp(`^Event 2 \\(id ${stored[1].event_id}\\) of case ${caseId} differs`));

    // casework's next checkpoint publishes the forged head: it contradicts the copy (and the earlier one)…
    const later = await until(
      caseId,
      (x) => (x.checkpoints.latest?.sequence ?? 0) > before.checkpoints.latest!.sequence,
      'a checkpoint after the rewrite',
    );
    expect(later.checkpoints.latest).toMatchObject({ version: 3, hash: prev, matchesCopy: false });
    expect(later.checkpoints.differences).toEqual([
      expect.objectContaining({ version: 3, eventId: stored[2].event_id, difference: 'altered' }),
    ]);
    // …and casework itself says which stream no longer holds the head it published.
    await eventually(
      async () =>
        stack.casework
          .logLines()
          .some(
            (l) =>
              l.streamId === `case-${caseId}` &&
              String(l.msg).includes('no longer holds the head published at version 3'),
          ) || undefined,
      { ...POLL, what: "casework's log to name the rewritten stream" },
    );
  });

  it('the last event deleted: tampered, naming it missing_in_source', async () => {
    const caseId = await openCase();
    await verifiedWithCheckpoint(caseId, 3);
    const stored = await storedEvents(caseId);
    const last = stored[2];
    await intrude([[`DELETE FROM es_events WHERE event_id = $1`, [last.event_id]]]);
    expect(await caseworkIntegrity(caseId)).toMatchObject({ ok: true, events: 2 });

    const r = await integrity(caseId);
    expect(r).toMatchObject({
      verdict: 'tampered',
      source: { reachable: true, ok: true, events: 2 },
      comparison: {
        firstDifference: { version: 3, eventId: last.event_id, difference: 'missing_in_source' },
      },
    });
    expect(r.detail).toContain(
      `Event 3 (id ${last.event_id}) of case ${caseId} is in reporting's copy but no longer in casework's database`,
    );
    // The next checkpoint goes back to version 2: the checkpoints name the deletion too.
    const later = await until(
      caseId,
      (x) => x.checkpoints.latest?.version === 2,
      'a checkpoint after the deletion',
    );
    expect(later.checkpoints.differences).toEqual([
      expect.objectContaining({ version: 3, eventId: last.event_id, difference: 'missing_in_source' }),
    ]);
  });
});

describe('the checkpoints and an unreachable casework', () => {
  it('lists casework’s checkpoints with a digest chain that verifies (inspector, admin)', async () => {
    const ours = new Set(
      (await stack.casework.query<{ digest: string }>(`SELECT digest FROM es_checkpoints`)).map(
        (r) => r.digest,
      ),
    );
    expect(ours.size).toBeGreaterThan(0);
    const listed = await eventually(
      async () => {
        const res = await stack.reporting.get<CheckpointList>(
          '/api/v1/audit/integrity/checkpoints?producer=casework&limit=500',
          { token: tok.admin },
        );
        const body = expectStatus(res, 200, 'checkpoints').body;
        return body.items.filter((i) => ours.has(i.digest)).length === ours.size ? body : undefined;
      },
      { ...POLL, what: 'reporting to hold every checkpoint of this casework' },
    );
    expect(listed.verified).toBe(true);
    const mine = listed.items.filter((i) => ours.has(i.digest));
    expect(
      mine.every((i) => i.digestVerifies && i.signatureVerifies && ['genesis', 'linked'].includes(i.link)),
    ).toBe(true);
    expect(mine.find((i) => i.sequence === 1)?.link).toBe('genesis');
    const forbidden = await stack.reporting.get('/api/v1/audit/integrity/checkpoints', { token: tok.worker });
    expect(forbidden.status).toBe(403);
  });

  it('says casework is unreachable (200, verdict incomplete) when it is down', async () => {
    const caseId = await openCase();
    await verifiedWithCheckpoint(caseId, 3);
    await stack.stopService('casework');
    try {
      const r = await integrity(caseId);
      expect(r).toMatchObject({ verdict: 'incomplete', source: { reachable: false }, comparison: null });
      expect(r.detail).toContain('casework could not be asked');
      // What reporting holds still checks out without casework.
      expect(r.copy.ok).toBe(true);
      expect(r.checkpoints.latest).toMatchObject({ version: 3, matchesCopy: true });
    } finally {
      await stack.casework.start();
    }
  });
});

describe('continuous verification: tampering found without anyone asking', () => {
  it('a whole tail rewritten with recomputed hashes: the sweep alerts in the list, in Prometheus and on Kafka', async () => {
    const caseId = await openCase();
    const stream = `case-${caseId}`;
    // Covered by a checkpoint, as reporting's copy shows — and no one asks reporting about it afterwards.
    await verifiedWithCheckpoint(caseId, 3);
    const forgedHead = await rewriteTail(caseId);
    expect(await caseworkIntegrity(caseId)).toMatchObject({ ok: true, events: 3, headHash: forgedHead });

    // 1. The inspector's list: casework's next signed checkpoint contradicts the copy and the earlier head.
    const alerts = await alertsAbout(
      stream,
      (as) =>
        as.some((a) => a.kind === 'head_differs_from_copy') && as.some((a) => a.kind === 'head_rewritten'),
      `the sweep to raise alerts about ${stream}`,
    );
    expect(alerts.every((a) => a.producer === 'casework' && a.version === 3)).toBe(true);
    expect(alerts.find((a) => a.kind === 'head_differs_from_copy')!.detail).toContain(
      `event 3 of ${stream} has hash ${forgedHead.slice(0, 12)}`,
    );
    // 2. Prometheus.
    const metrics = await stack.reporting.get<string>('/metrics');
    expect(metrics.body).toMatch(
      /cp_integrity_alerts_raised_total\{kind="head_differs_from_copy",producer="casework",service="reporting"\} [1-9]/,
    );
    expect(metrics.body).toMatch(
      /cp_integrity_alerts\{kind="head_rewritten",producer="casework",service="reporting"\} [1-9]/,
    );
    // 3. reporting's alert topic.
    const published = await eventually(
      async () => {
        const messages = await readTopics(stack.kafkaBrokers, [stack.topic(TOPICS.reportingIntegrityAlerts)]);
        const mine = messages
          .map((m) => JSON.parse(m.value) as IntegrationEnvelope<'IntegrityAlertRaised', IntegrityAlertV1>)
          .filter((e) => e.data.streamId === stream);
        return mine.length >= alerts.length ? mine : undefined;
      },
      { ...POLL, what: 'the alerts on cp.reporting.integrity.alerts.v1' },
    );
    expect(published.map((e) => e.data.alertId).sort()).toEqual(
      expect.arrayContaining(alerts.map((a) => a.alertId).sort()),
    );
    expect(published[0]).toMatchObject({ type: 'IntegrityAlertRaised', producer: 'reporting' });
    // Only oversight reads the list.
    const forbidden = await stack.reporting.get('/api/v1/audit/integrity/alerts', { token: tok.worker });
    expect(forbidden.status).toBe(403);
  });

  it('recorded_at changed (what ?at= reads go by): hash_mismatch, reported by casework’s own re-verification', async () => {
    const caseId = await openCase();
    const stream = `case-${caseId}`;
    await verifiedWithCheckpoint(caseId, 3);
    const [, second] = await storedEvents(caseId);
    await intrude([
      [
        `UPDATE es_events SET recorded_at = recorded_at - interval '3 days' WHERE event_id = $1`,
        [second.event_id],
      ],
    ]);
    expect(await caseworkIntegrity(caseId)).toMatchObject({
      ok: false,
      firstBroken: { streamVersion: 2, eventId: second.event_id, reason: 'hash_mismatch' },
    });
    const [fault] = await alertsAbout(
      stream,
      (as) => as.some((a) => a.kind === 'producer_fault'),
      'casework to report the edited event in a signed checkpoint',
    );
    expect(fault).toMatchObject({ producer: 'casework', version: 2, eventId: second.event_id });
    expect(fault.detail).toContain('hash_mismatch');
  });

  it('a case’s subject key deleted: tampering (subject_key_missing), never “[erased]”', async () => {
    const caseId = await openCase();
    const stream = `case-${caseId}`;
    await verifiedWithCheckpoint(caseId, 3);
    const keys = await stack.casework.query<{ subject_id: string }>(
      `SELECT subject_id FROM pd_subject_keys WHERE subject_id LIKE $1`,
      [`%${caseId}`],
    );
    expect(keys.length).toBeGreaterThan(0);
    await intrude([[`DELETE FROM pd_subject_keys WHERE subject_id = $1`, [keys[0].subject_id]]]);

    // casework's own verification names the event whose sealed text no key opens.
    expect(await caseworkIntegrity(caseId)).toMatchObject({
      ok: false,
      firstBroken: { reason: 'subject_key_missing', subject: keys[0].subject_id },
    });
    // Reading the case fails, naming the tampering; nothing reads "[erased]".
    const read = await stack.casework.get<Problem>(`/api/v1/cases/${caseId}`, { token: tok.worker });
    expect({ status: read.status, code: read.body.code }).toEqual({
      status: 409,
      code: 'INTEGRITY.RECORD_TAMPERED',
    });
    expect(JSON.stringify(read.body)).not.toContain('[erased]');
    // reporting, asked: tampered; not asked: its sweep holds casework's signed report of the fault.
    const r = await integrity(caseId);
    expect(r.verdict).toBe('tampered');
    expect(r.source).toMatchObject({ ok: false, firstBroken: { reason: 'subject_key_missing' } });
    await alertsAbout(
      stream,
      (as) => as.some((a) => a.kind === 'producer_fault' && a.detail.includes('subject_key_missing')),
      'casework to report the missing key',
    );
  });

  it('intake is covered the same way: a contact’s key deleted is reported by intake and alerted by reporting', async () => {
    const recorded = expectStatus(
      await stack.intake.post<ContactView>('/api/v1/contacts', reportBody({ incidentCommuneCode: A }), {
        token: tok.counsellor,
      }),
      201,
      'record contact',
    ).body;
    const stream = `contact-${recorded.id}`;
    const contactIntegrity = async () =>
      expectStatus(
        await stack.intake.get<CaseworkIntegrity & { firstBroken?: { subject?: string } }>(
          `/api/v1/contacts/${recorded.id}/integrity`,
          { token: tok.supervisor },
        ),
        200,
        'contact integrity',
      ).body;
    expect(await contactIntegrity()).toMatchObject({ ok: true, streamId: stream });
    // intake's signed checkpoint covers the contact before anything is touched.
    await eventually(
      async () => {
        const res = await stack.reporting.get<CheckpointList>(
          '/api/v1/audit/integrity/checkpoints?producer=intake&limit=500',
          { token: tok.inspector },
        );
        const body = expectStatus(res, 200, 'checkpoints').body;
        return body.items.length > 0 && body.verified ? body : undefined;
      },
      { ...POLL, what: "reporting to hold intake's signed checkpoints" },
    );
    await intrude(
      [[`DELETE FROM pd_subject_keys WHERE subject_id = $1`, [`reporter:${recorded.id}`]]],
      stack.intake,
    );
    expect(await contactIntegrity()).toMatchObject({
      ok: false,
      firstBroken: { streamVersion: 1, reason: 'subject_key_missing', subject: `reporter:${recorded.id}` },
    });
    const [fault] = await alertsAbout(
      stream,
      (as) => as.some((a) => a.kind === 'producer_fault'),
      'intake to report the missing key and reporting to alert',
    );
    expect(fault).toMatchObject({ producer: 'intake', version: 1 });
    const forbidden = await stack.intake.get(`/api/v1/contacts/${recorded.id}/integrity`, {
      token: tok.worker,
    });
    expect(forbidden.status).toBe(403);
  });

  it('the services’ own database role can neither update nor delete stored events, nor get around it', async () => {
    const caseId = await openCase();
    const [first] = await storedEvents(caseId);
    const asService = new Client({ connectionString: stack.casework.database.appUrl! });
    await asService.connect();
    try {
      const refused = async (sql: string, params: unknown[] = []) =>
        asService.query(sql, params).then(
          () => undefined,
          (err: { code?: string; message: string }) => ({ code: err.code, message: err.message }),
        );
      expect(await refused(`UPDATE es_events SET data = '{}' WHERE event_id = $1`, [first.event_id])).toEqual(
        {
          code: '42501',
          message: 'permission denied for table es_events',
        },
      );
      expect(await refused(`DELETE FROM es_events WHERE event_id = $1`, [first.event_id])).toMatchObject({
        code: '42501',
      });
      await asService.query('BEGIN');
      await asService.query(`SET LOCAL cp.allow_event_rewrite = 'on'`);
      expect(await refused(`DELETE FROM es_events WHERE event_id = $1`, [first.event_id])).toMatchObject({
        code: '42501',
      });
      await asService.query('ROLLBACK');
      expect(await refused(`ALTER TABLE es_events DISABLE TRIGGER USER`)).toMatchObject({ code: '42501' });
      expect(
        await refused(`DELETE FROM pd_subject_keys WHERE subject_id LIKE $1`, [`%${caseId}`]),
      ).toMatchObject({
        code: '42501',
      });
    } finally {
      await asService.end();
    }
    expect(await caseworkIntegrity(caseId)).toMatchObject({ ok: true, events: 3 });
  });

  it('publishes each producer’s public key, the one its checkpoints are signed with', async () => {
    for (const service of [stack.intake, stack.casework]) {
      const key = expectStatus(
        await service.get<{ service: string; algorithm: string; keyId: string; pem: string; topic: string }>(
          '/api/v1/integrity/public-key',
        ),
        200,
        'public key',
      ).body;
      expect(key).toMatchObject({ service: service.app, algorithm: 'Ed25519' });
      expect(key.pem).toContain('BEGIN PUBLIC KEY');
      expect(key.topic).toBe(`cp.${service.app}.integrity.checkpoints.v1`);
      const signed = await service.query<{ key_id: string }>(
        `SELECT DISTINCT key_id FROM es_checkpoints WHERE key_id IS NOT NULL`,
      );
      expect(signed.map((r) => r.key_id)).toEqual([key.keyId]);
    }
  });
});
