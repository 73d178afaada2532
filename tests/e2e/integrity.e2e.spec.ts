// Tamper evidence end to end (ARCHITECTURE §2 rule 10), through the three running services and the real
// (shared) Kafka broker: a commune opens cases and takes a couple of steps; reporting keeps a copy of each
// case's hash chain (the `integrity` block of every casework event) and the checkpoints casework
// publishes every CHECKPOINT_MS; an inspector asks reporting to verify a case. Then someone with access
// to casework's database changes it behind the application's back:
//   - edits an event's data            → casework's own verification fails (hash_mismatch), named;
//   - edits it and recomputes the chain → casework verifies, but the copy and the next checkpoint differ;
//   - deletes the last event            → casework verifies, the copy names it missing_in_source.
// Each scenario has its own case. Each stack has its own topics on the shared broker.
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { AdminUnits } from '@cp/admin-units';
import { eventHash } from '@cp/event-store';
import { eventually } from '@cp/testing';
import { Stack, expectStatus, token, type HttpResponse, type Problem } from './support/stack';

jest.setTimeout(180_000);

const CHECKPOINT_MS = 300;
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
  items: Array<{ producer: string; sequence: number; digest: string; digestVerifies: boolean; link: string }>;
}

function pickCommune(): { commune: string; province: string; otherProvince: string } {
  const communes = AdminUnits.load().communes;
  const c = communes[randomInt(communes.length)];
  const other = communes.find((x) => x.parent !== c.parent)!;
  return { commune: c.code, province: c.parent!, otherProvince: other.parent! };
}

const { commune: A, province: P, otherProvince: Q } = pickCommune();
const WORKER = `worker-integrity-${A}`;
let stack: Stack;
const tok = { worker: '', chair: '', inspector: '', outsider: '', admin: '', counsellor: '' };

beforeAll(async () => {
  stack = await Stack.start({ name: 'integrity', env: { CHECKPOINT_MS: String(CHECKPOINT_MS) } });
  tok.worker = await token('commune_worker', [A], WORKER);
  tok.chair = await token('commune_chair', [A], `chair-integrity-${A}`);
  tok.inspector = await token('inspector', [P], `inspector-${P}`);
  tok.outsider = await token('inspector', [Q], `inspector-${Q}`);
  tok.admin = await token('admin', ['VN'], 'admin-integrity');
  tok.counsellor = await token('hotline_counsellor', ['VN'], 'counsellor-integrity');
}, 90_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

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
    previous_hash: string;
    hash: string;
  }>(`SELECT * FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [`case-${caseId}`]);
}

/** Someone with database access, past the append-only trigger (which only stops the application). */
async function intrude(statements: Array<[string, unknown[]]>): Promise<void> {
  const c = new Client({ connectionString: stack.casework.database.url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SET LOCAL cp.allow_event_rewrite = 'on'`);
    for (const [sql, params] of statements) await c.query(sql, params);
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
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
    // Rewrite event 2 and re-chain 2..3 with the real hash function, so casework's recomputation holds.
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
      });
      statements.push([
        `UPDATE es_events SET data = $2, previous_hash = $3, hash = $4 WHERE event_id = $1`,
        [e.event_id, JSON.stringify(data), prev, hash],
      ]);
      prev = hash;
    }
    await intrude(statements);
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
    expect(mine.every((i) => i.digestVerifies && ['genesis', 'linked'].includes(i.link))).toBe(true);
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
