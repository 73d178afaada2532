import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import { TOPICS, type IntegrationEnvelope } from '@cp/contracts';
import {
  EventStore,
  checkpointDigest,
  developmentCheckpointKey,
  eventHash,
  recordCheckpoint,
  signCheckpoint,
  type CheckpointKey,
  type NewEvent,
} from '@cp/event-store';
import { Metrics, type Logger } from '@cp/observability';
import { checkpointMessage, integrationMessage, openDatabase, type MessagingLifecycle } from '@cp/platform';
import { createTestDatabase, pastAppendOnlyTrigger, workerEventMetadata } from '@cp/testing';
import { Caseload1763900001000 } from '../caseload/caseload.migration';
import { EventCopy1763900002000 } from '../events/events.migration';
import { REPORTING_TABLE_ACCESS } from '../migrations';
import { CaseworkClient } from './casework-client';
import { CheckpointProjection } from './checkpoint.projection';
import { IntegrityAlerts1763900002950 } from './integrity-alerts.migration';
import { IntegritySweep } from './integrity-sweep';
import { IntegrityCheckpoints1763900002900 } from './integrity.migration';
import { IntegrityService } from './integrity.service';

// Reporting's integrity check against real PostgreSQL databases, each worked with as its service's
// restricted role: a source event store (standing in for casework's database) behind a small HTTP server
// answering like casework's integrity endpoint, the copy of its events in rm_events (written here as the
// event-copy projection would), the checkpoints the real publisher code records and signs, consumed by the
// real projection, and the sweep that raises alerts from them. Tampering is done as the source's owner.

jest.setTimeout(30000);

const COMMUNE = '00004'; // Phường Ba Đình, Hà Nội (01)
const inspector: AuthUser = { sub: 'i-1', name: 'I', roles: ['inspector'], units: ['01'] };
const elsewhere: AuthUser = { sub: 'i-2', name: 'J', roles: ['inspector'], units: ['79'] };
const TOKEN = 'Bearer the-callers-own-token';

let reportingDb: Awaited<ReturnType<typeof createTestDatabase>>;
let sourceDb: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let sourceDs: DataSource;
let source: EventStore;
let server: http.Server;
let baseUrl: string;
let hang = false;
const seenAuthorization: Array<string | undefined> = [];
let service: IntegrityService;
let projection: CheckpointProjection;
let sweep: IntegritySweep;
let metrics: Metrics;
const loggedErrors: string[] = [];
const caseworkKey: CheckpointKey = developmentCheckpointKey('casework');
const publicKeys = {
  intake: [
    { keyId: developmentCheckpointKey('intake').keyId, key: developmentCheckpointKey('intake').publicKey },
  ],
  casework: [{ keyId: caseworkKey.keyId, key: caseworkKey.publicKey }],
};

beforeAll(async () => {
  reportingDb = await createTestDatabase('reporting_integrity');
  sourceDb = await createTestDatabase('reporting_integrity_source');
  ds = await openDatabase(
    { url: reportingDb.appUrl, migrationUrl: reportingDb.url, ...REPORTING_TABLE_ACCESS },
    [
      Caseload1763900001000,
      EventCopy1763900002000,
      IntegrityCheckpoints1763900002900,
      IntegrityAlerts1763900002950,
    ],
    5,
  );
  sourceDs = await openDatabase({ url: sourceDb.appUrl, migrationUrl: sourceDb.url }, [], 5);
  source = new EventStore(sourceDs);
  metrics = new Metrics('reporting');
  const logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (_: unknown, msg: string) => loggedErrors.push(msg),
  } as unknown as Logger;
  sweep = new IntegritySweep(
    { service: 'reporting', integritySweepMs: 0 },
    logger,
    new EventStore(ds),
    metrics,
    { producesTo: jest.fn() } as unknown as MessagingLifecycle,
  );
  server = http.createServer((req, res) => void answerLikeCasework(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service = integrityService(baseUrl);
  projection = new CheckpointProjection({ consume: jest.fn() } as unknown as MessagingLifecycle, {
    checkpointPublicKeys: publicKeys,
  });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await ds?.destroy();
  await sourceDs?.destroy();
  await reportingDb?.drop();
  await sourceDb?.drop();
});

const integrityService = (url: string, timeoutMs = 2000) =>
  new IntegrityService(
    ds,
    AdminUnits.load(),
    new CaseworkClient({ caseworkUrl: url, caseworkTimeoutMs: timeoutMs }),
    sweep,
  );

/** casework's GET /cases/:id/integrity?detail=events over the source store (404 when it has no event). */
async function answerLikeCasework(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  seenAuthorization.push(req.headers.authorization);
  if (hang) return; // accepts the request and never answers
  const m = /^\/api\/v1\/cases\/([0-9a-f-]{36})\/integrity\?detail=events$/.exec(req.url ?? '');
  const stream = m ? `case-${m[1]}` : '';
  const result = await source.verifyStream(stream, undefined, { chain: true });
  if (!m || result.events === 0) {
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ status: 404, code: 'CASE.NOT_FOUND', detail: 'No case' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result));
}

const ev = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  data: { step: type },
  metadata: workerEventMetadata(COMMUNE),
  occurredAt: '2026-01-05T08:00:00.000Z',
});

/** Appends steps to a case in the source, with casework-like outbox messages (integrity added by the store). */
async function step(caseId: string, types: string[], expectedVersion: number): Promise<void> {
  const events = types.map(ev);
  const outbox = events.map((e, i) =>
    integrationMessage({
      topic: TOPICS.caseworkCases,
      producer: 'casework',
      type: e.type,
      event: e,
      aggregateId: caseId,
      aggregateVersion: expectedVersion + i + 1,
      metadata: {
        commandId: randomUUID(),
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'w-1', roles: ['commune_worker'], unit: COMMUNE },
        now: e.occurredAt,
      },
      data: { caseId, communeCode: COMMUNE, provinceCode: '01' },
    }),
  );
  await source.append(`case-${caseId}`, events, { expectedVersion, streamType: 'case', outbox });
}

/** What the event-copy projection writes for every message of the case in the source's outbox. */
async function copyToReporting(caseId: string): Promise<void> {
  const rows: Array<{ payload: IntegrationEnvelope }> = await sourceDs.query(
    `SELECT payload FROM es_outbox WHERE message_key = $1 ORDER BY id`,
    [caseId],
  );
  for (const { payload: e } of rows) {
    await ds.query(
      `INSERT INTO rm_events (event_id, producer, topic, type, schema_version, aggregate_id, aggregate_version,
         case_id, occurred_at, actor_id, actor_roles, actor_unit, units, source_stream, source_version, hash,
         prev_hash, data)
       VALUES ($1, 'casework', $2, $3, 1, $4::text, $5, $4::uuid, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        e.eventId,
        TOPICS.caseworkCases,
        e.type,
        e.aggregateId,
        e.aggregateVersion,
        e.occurredAt,
        e.actor.id,
        e.actor.roles,
        e.actor.unit,
        [COMMUNE, '01'],
        e.integrity?.streamId ?? null,
        e.integrity?.streamVersion ?? null,
        e.integrity?.hash ?? null,
        e.integrity?.prevHash ?? null,
        JSON.stringify(e.data),
      ],
    );
  }
}

/** The source publishes a checkpoint (real publisher code) and reporting consumes it. */
async function checkpointAndConsume(): Promise<void> {
  for (;;) {
    const recorded = await recordCheckpoint(source, {
      producer: 'casework',
      at: new Date().toISOString(),
      message: checkpointMessage,
      key: caseworkKey,
    });
    if (!recorded) return;
    const [row]: Array<{ payload: IntegrationEnvelope }> = await sourceDs.query(
      `SELECT payload FROM es_outbox o JOIN es_checkpoints c ON c.event_id = o.event_id WHERE c.sequence = $1`,
      [recorded.checkpoint.sequence],
    );
    await projection.apply(row.payload, ds, 'casework');
    await projection.apply(row.payload, ds, 'casework'); // a redelivery changes nothing
  }
}

/** Someone with the owner's access to casework's database, past the append-only trigger. */
function asIntruder(sql: string, params: unknown[]): Promise<void> {
  return pastAppendOnlyTrigger(sourceDb.url, sql, params);
}

/** A case with four events, copied and checkpointed: verified. */
async function verifiedCase(): Promise<string> {
  const caseId = randomUUID();
  await step(caseId, ['CaseOpened', 'CaseWorkerAssigned'], 0);
  await step(caseId, ['InitialAssessmentRecorded', 'CaseNoteAdded'], 2);
  await copyToReporting(caseId);
  await checkpointAndConsume();
  const r = await service.caseIntegrity(inspector, caseId, TOKEN);
  expect(r).toMatchObject({ verdict: 'verified', streamId: `case-${caseId}` });
  return caseId;
}

it('verifies a case whose copy, source and checkpoints agree, asking casework with the caller’s token', async () => {
  seenAuthorization.length = 0;
  const caseId = await verifiedCase();
  const r = await service.caseIntegrity(inspector, caseId, TOKEN);
  expect(r).toMatchObject({
    verdict: 'verified',
    copy: { ok: true, events: 4, headVersion: 4 },
    source: { reachable: true, status: 200, found: true, ok: true, events: 4 },
    comparison: { compared: 4, firstDifference: null },
    checkpoints: { latest: { version: 4, matchesCopy: true }, differences: [] },
    findings: [],
  });
  expect(r.detail).toContain(`All 4 events of case ${caseId} verify`);
  expect(seenAuthorization).toContain(TOKEN);
});

it('names the event whose stored content was changed, with casework’s own hash_mismatch', async () => {
  const caseId = await verifiedCase();
  const [target] = await sourceDs.query(
    `SELECT event_id FROM es_events WHERE stream_id = $1 AND stream_version = 2`,
    [`case-${caseId}`],
  );
  await asIntruder(
    `UPDATE es_events SET data = jsonb_set(data, '{step}', '"nothing happened"') WHERE event_id = $1`,
    [target.event_id],
  );
  const r = await service.caseIntegrity(inspector, caseId, TOKEN);
  expect(r).toMatchObject({
    verdict: 'tampered',
    source: {
      ok: false,
      firstBroken: { streamVersion: 2, eventId: target.event_id, reason: 'hash_mismatch' },
    },
  });
  expect(r.detail).toContain(`Event 2 (id ${target.event_id}) of case ${caseId} was altered`);
});

/** Rewrites events `from`.. of a stream with hashes recomputed, so that the source verifies. */
async function rewriteFrom(stream: string, from: number): Promise<void> {
  const stored = await source.readStream(stream);
  let prev = stored[from - 2]?.hash ?? '0'.repeat(64);
  for (const e of stored.slice(from - 1)) {
    const data = e.streamVersion === from ? { step: 'nothing happened' } : e.data;
    const hash = eventHash(prev, { ...e, data });
    await asIntruder(`UPDATE es_events SET data = $2, previous_hash = $3, hash = $4 WHERE event_id = $1`, [
      e.eventId,
      JSON.stringify(data),
      prev,
      hash,
    ]);
    prev = hash;
  }
  expect((await source.verifyStream(stream)).ok).toBe(true);
}

it('still names the event when the intruder recomputed every hash, from the copy and the next checkpoint', async () => {
  const caseId = await verifiedCase();
  const stream = `case-${caseId}`;
  const stored = await source.readStream(stream);
  // Rewrite event 3 and re-chain 3..4 so that casework's own verification passes.
  await rewriteFrom(stream, 3);
  await checkpointAndConsume();

  const r = await service.caseIntegrity(inspector, caseId, TOKEN);
  expect(r).toMatchObject({
    verdict: 'tampered',
    source: { ok: true },
    comparison: { firstDifference: { version: 3, eventId: stored[2].eventId, difference: 'altered' } },
    checkpoints: { latest: { version: 4, matchesCopy: false } },
  });
  expect(r.checkpoints.differences).toEqual([
    expect.objectContaining({ version: 4, eventId: stored[3].eventId, difference: 'altered' }),
  ]);
  expect(r.detail).toMatch(new RegExp(`^Event 3 \\(id ${stored[2].eventId}\\) of case ${caseId} differs`));
});

it('names the deleted last event as missing_in_source', async () => {
  const caseId = await verifiedCase();
  const stream = `case-${caseId}`;
  const [last] = await sourceDs.query(
    `SELECT event_id FROM es_events WHERE stream_id = $1 AND stream_version = 4`,
    [stream],
  );
  await asIntruder(`DELETE FROM es_events WHERE event_id = $1`, [last.event_id]);
  await checkpointAndConsume();
  const r = await service.caseIntegrity(inspector, caseId, TOKEN);
  expect(r).toMatchObject({
    verdict: 'tampered',
    source: { ok: true, events: 3 },
    comparison: { firstDifference: { version: 4, eventId: last.event_id, difference: 'missing_in_source' } },
  });
  expect(r.checkpoints.differences).toEqual([
    expect.objectContaining({ version: 4, difference: 'missing_in_source' }),
  ]);
  expect(r.detail).toContain(
    `Event 4 (id ${last.event_id}) of case ${caseId} is in reporting's copy but no longer`,
  );
});

it('answers 200 with source unreachable (and verdict incomplete) when casework is down or hangs', async () => {
  const caseId = await verifiedCase();
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const down = await integrityService(`http://127.0.0.1:${port}`).caseIntegrity(inspector, caseId, TOKEN);
  expect(down).toMatchObject({ verdict: 'incomplete', source: { reachable: false }, comparison: null });
  expect(down.detail).toContain('casework could not be asked');
  // The copy and the checkpoints are still checked without it.
  expect(down.checkpoints.latest).toMatchObject({ version: 4, matchesCopy: true });

  hang = true;
  try {
    const started = Date.now();
    const slow = await integrityService(baseUrl, 300).caseIntegrity(inspector, caseId, TOKEN);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(slow.source).toEqual({ reachable: false, error: `no answer from ${baseUrl} within 300 ms` });
  } finally {
    hang = false;
  }
});

it('answers 404 for a case reporting does not know or that lies outside the user’s units', async () => {
  const caseId = await verifiedCase();
  await expect(service.caseIntegrity(elsewhere, caseId, TOKEN)).rejects.toMatchObject({
    code: 'INTEGRITY.CASE_NOT_FOUND',
    kind: 'not_found',
  });
  await expect(service.caseIntegrity(inspector, randomUUID(), TOKEN)).rejects.toMatchObject({
    code: 'INTEGRITY.CASE_NOT_FOUND',
  });
  const worker: AuthUser = { sub: 'w-1', name: 'W', roles: ['commune_worker'], units: [COMMUNE] };
  expect((await service.caseIntegrity(worker, caseId, TOKEN)).verdict).toBe('verified');
});

it('lists the checkpoints with their digest chain, and names one whose content does not match its digest', async () => {
  await verifiedCase();
  const listed = await service.checkpoints({ producer: 'casework' });
  expect(listed.verified).toBe(true);
  expect(listed.items.length).toBeGreaterThan(1);
  expect(listed.items[listed.items.length - 1]).toMatchObject({ sequence: 1, link: 'genesis' });
  expect(listed.items.slice(0, -1).every((i) => i.link === 'linked' && i.digestVerifies)).toBe(true);

  // A checkpoint altered on its way (a head changed after the digest was computed) is kept, flagged.
  const latest = listed.items[0];
  const forged = checkpointMessage({
    producer: 'casework',
    sequence: latest.sequence + 1,
    at: new Date().toISOString(),
    heads: [{ streamId: 'case-forged', version: 1, hash: 'e'.repeat(64) }],
    previousDigest: latest.digest,
    digest: 'd'.repeat(64),
  });
  await projection.apply(forged.payload as IntegrationEnvelope, ds, 'casework');
  const after = await service.checkpoints({});
  expect(after.verified).toBe(false);
  expect(after.items[0]).toMatchObject({
    sequence: latest.sequence + 1,
    digestVerifies: false,
    link: 'digest_mismatch',
  });
  expect(after.detail).toContain(`Checkpoint ${latest.sequence + 1} of casework`);
  expect(after.detail).toContain('digest_mismatch');
});

describe('the integrity sweep', () => {
  /** The alerts reporting holds about one stream. */
  async function alertsOf(streamId: string): Promise<Array<{ kind: string; version: number | null }>> {
    const listed = await service.alerts({ limit: 500 });
    return listed.items
      .filter((a) => a.streamId === streamId)
      .map((a) => ({ kind: a.kind, version: a.version }))
      .sort((a, b) => `${a.kind}${a.version}`.localeCompare(`${b.kind}${b.version}`));
  }

  it('raises nothing for an untouched case, and sweeping again raises nothing new', async () => {
    const caseId = await verifiedCase();
    await sweep.sweep({ full: true });
    expect(await alertsOf(`case-${caseId}`)).toEqual([]);
    expect(await sweep.sweep()).toEqual([]);
    expect(sweep.lastSweep).toMatchObject({ outcome: 'completed' });
  });

  it('finds a rewritten tail with recomputed hashes without anyone asking: stored, published, counted', async () => {
    const caseId = await verifiedCase();
    const stream = `case-${caseId}`;
    await rewriteFrom(stream, 3);
    await checkpointAndConsume();
    const raisedSoFar = async () =>
      ((await metrics.registry.getSingleMetric('cp_integrity_alerts_raised_total')?.get())?.values ?? [])
        .filter((v) => v.labels.kind === 'head_rewritten')
        .reduce((n, v) => n + v.value, 0);
    const before = await raisedSoFar();
    const raised = await sweep.sweep();

    // The signed head at version 4 contradicts the copy and the head casework published before.
    expect(
      raised
        .filter((a) => a.streamId === stream)
        .map((a) => [a.kind, a.version])
        .sort(),
    ).toEqual([
      ['head_differs_from_copy', 4],
      ['head_rewritten', 4],
      ['history_rewritten', 4],
    ]);
    expect(raised.find((a) => a.kind === 'head_rewritten')?.detail).toMatch(
      /casework's checkpoint \d+ publishes event 4 of case-.* where its checkpoint \d+ had published/,
    );
    // Published on reporting's alert topic, in the sweep's transaction.
    const outbox: Array<{ topic: string; payload: IntegrationEnvelope }> = await ds.query(
      `SELECT topic, payload FROM es_outbox WHERE event_id = ANY($1::uuid[])`,
      [raised.map((a) => a.alertId)],
    );
    expect(outbox).toHaveLength(raised.length);
    expect(outbox.every((o) => o.topic === TOPICS.reportingIntegrityAlerts)).toBe(true);
    expect(outbox[0].payload).toMatchObject({ type: 'IntegrityAlertRaised', producer: 'reporting' });
    // Counted for Prometheus, and logged.
    expect((await raisedSoFar()) - before).toBe(1);
    expect(await metrics.registry.metrics()).toMatch(
      /cp_integrity_alerts\{kind="head_rewritten",producer="casework",service="reporting"\} [1-9]/,
    );
    expect(loggedErrors.some((m) => m.startsWith('integrity alert:') && m.includes(stream))).toBe(true);
    // Listed for the inspector; found again, it adds nothing.
    expect(await alertsOf(stream)).toHaveLength(3);
    expect(await sweep.sweep({ full: true })).toEqual([]);
  });

  it('finds a rewrite under a published head even after the stream grew, from what the producer signs', async () => {
    const caseId = await verifiedCase();
    const stream = `case-${caseId}`;
    await rewriteFrom(stream, 2);
    // The case goes on: the next checkpoint publishes version 5, no longer version 4.
    const [head] = await sourceDs.query(
      `SELECT hash FROM es_events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
      [stream],
    );
    await source.append(stream, [ev('CaseNoteAdded')], {
      expectedVersion: 4,
      expectedHeadHash: head.hash,
      streamType: 'case',
    });
    await checkpointAndConsume();
    const raised = (await sweep.sweep()).filter((a) => a.streamId === stream);
    expect(raised.map((a) => [a.kind, a.version]).sort()).toEqual([['history_rewritten', 4]]);
    expect(raised[0].detail).toContain('the history under a published head was rewritten');
  });

  it('finds the last event deleted: the head went back', async () => {
    const caseId = await verifiedCase();
    const stream = `case-${caseId}`;
    await asIntruder(`DELETE FROM es_events WHERE stream_id = $1 AND stream_version = 4`, [stream]);
    await checkpointAndConsume();
    const raised = (await sweep.sweep()).filter((a) => a.streamId === stream);
    expect(raised.map((a) => [a.kind, a.version]).sort()).toEqual([
      ['head_went_back', 4],
      ['history_rewritten', 4],
    ]);
  });

  it('alerts on a checkpoint not signed by its producer, or arriving on another producer’s topic', async () => {
    await verifiedCase();
    const [last] = (await service.checkpoints({ producer: 'casework', limit: 1 })).items;
    const unsigned = checkpointMessage({
      producer: 'casework',
      sequence: last.sequence + 1,
      at: new Date().toISOString(),
      heads: [],
      previousDigest: last.digest,
      digest: 'placeholder',
    });
    const data = (unsigned.payload as IntegrationEnvelope<string, Record<string, unknown>>).data;
    data.digest = checkpointDigest(last.digest, data as never);
    // Signed with intake's key: not casework's.
    Object.assign(data, signCheckpoint(String(data.digest), developmentCheckpointKey('intake')));
    await projection.apply(unsigned.payload as IntegrationEnvelope, ds, 'casework');
    // The same checkpoint (as another message) on intake's topic.
    await projection.apply(
      { ...(unsigned.payload as IntegrationEnvelope), eventId: randomUUID() },
      ds,
      'intake',
    );
    const raised = await sweep.sweep();
    // On casework's topic intake's signature does not verify; on intake's it does, but the body claims casework.
    expect(raised.map((a) => [a.producer, a.kind]).sort()).toEqual([
      ['casework', 'signature_invalid'],
      ['intake', 'producer_mismatch'],
    ]);
    const listed = await service.checkpoints({ producer: 'casework', limit: 1 });
    expect(listed).toMatchObject({ verified: false, items: [{ signatureVerifies: false }] });
  });

  it('alerts on the faults a producer reports from re-verifying its own store', async () => {
    const stream = `contact-${randomUUID()}`;
    const [last] = (await service.checkpoints({ producer: 'intake', limit: 1 })).items;
    const intakeKey = developmentCheckpointKey('intake');
    const content = {
      producer: 'intake' as const,
      sequence: (last?.sequence ?? 0) + 1,
      at: new Date().toISOString(),
      heads: [],
      faults: [{ streamId: stream, version: 1, eventId: randomUUID(), reason: 'subject_key_missing' }],
    };
    const previousDigest = last?.digest ?? '0'.repeat(64);
    const digest = checkpointDigest(previousDigest, content);
    const msg = checkpointMessage({
      ...content,
      previousDigest,
      digest,
      ...signCheckpoint(digest, intakeKey),
    });
    await projection.apply(msg.payload as IntegrationEnvelope, ds, 'intake');
    const raised = (await sweep.sweep()).filter((a) => a.streamId === stream);
    expect(raised).toMatchObject([{ kind: 'producer_fault', producer: 'intake', version: 1 }]);
    expect(raised[0].detail).toContain('subject_key_missing');
  });

  it('keeps alerts as evidence: the application role may add them, never change or remove them', async () => {
    for (const statement of [
      `UPDATE rm_integrity_alerts SET detail = 'nothing'`,
      `DELETE FROM rm_integrity_alerts`,
    ]) {
      await expect(ds.query(statement)).rejects.toMatchObject({ code: '42501' });
    }
    await expect(ds.query(`DELETE FROM rm_integrity_checkpoints`)).rejects.toMatchObject({ code: '42501' });
  });
});
