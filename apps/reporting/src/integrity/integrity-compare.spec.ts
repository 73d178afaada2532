import { createHash } from 'node:crypto';
import {
  GENESIS,
  assessStream,
  checkCopy,
  checkpointLink,
  compareWithCheckpoints,
  compareWithSource,
  type CheckpointHead,
  type CopiedEvent,
  type Link,
  type SourceCheck,
} from './integrity-compare';

// The copy, the source's answer and the checkpoints of one stream, and what reporting concludes.

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const id = (v: number, tag = '') => `00000000-0000-4000-8000-${String(v).padStart(11, '0')}${tag || '0'}`;

/** A chain of `n` events whose hashes link (the content is the version and a salt). */
function chain(n: number, salt = ''): Link[] {
  const out: Link[] = [];
  let prev = GENESIS;
  for (let v = 1; v <= n; v++) {
    const hash = sha(`${prev}:${v}:${salt}`);
    out.push({ version: v, eventId: id(v), hash, prevHash: prev });
    prev = hash;
  }
  return out;
}

const answered = (links: Link[], extra: Partial<Extract<SourceCheck, { kind: 'answered' }>> = {}) =>
  ({
    kind: 'answered',
    streamId: 'case-x',
    ok: true,
    events: links.length,
    headHash: links[links.length - 1]?.hash ?? null,
    firstBroken: null,
    chain: links,
    ...extra,
  }) as SourceCheck;

const head = (sequence: number, version: number, hash: string, digestVerifies = true): CheckpointHead => ({
  producer: 'casework',
  sequence,
  at: `2026-01-01T00:00:0${sequence}.000Z`,
  digestVerifies,
  version,
  hash,
});

const label = 'case X';

describe('the copy on its own', () => {
  it('accepts versions 1..n each linking to the hash before it', () => {
    expect(checkCopy(chain(4))).toMatchObject({ ok: true, events: 4, headVersion: 4, firstProblem: null });
  });

  it('names a missing version, a broken link, two events at one version, and an event without hashes', () => {
    const c = chain(4);
    expect(checkCopy([c[0], c[1], c[3]]).firstProblem).toEqual({
      version: 3,
      eventId: null,
      reason: 'version_gap',
    });
    expect(checkCopy([c[0], c[1], { ...c[2], prevHash: sha('other') }, c[3]]).firstProblem).toEqual({
      version: 3,
      eventId: id(3),
      reason: 'chain_broken',
    });
    expect(checkCopy([...c, { ...c[2], eventId: id(3, '9'), hash: sha('x') }]).firstProblem).toMatchObject({
      version: 3,
      reason: 'duplicate_version',
    });
    const bare: CopiedEvent = { version: 1, eventId: id(1), hash: null, prevHash: null };
    expect(checkCopy([bare]).firstProblem).toMatchObject({ version: 1, reason: 'no_integrity' });
  });
});

describe('copy against source', () => {
  it('finds nothing when both hold the same chain', () => {
    expect(compareWithSource(chain(3), chain(3))).toEqual([]);
  });

  it('names an altered event, one deleted from the source and one the copy does not hold yet', () => {
    const copy = chain(4);
    const rewritten = chain(4, 'forged');
    const source = [copy[0], rewritten[1], copy[2]];
    expect(compareWithSource(copy, source).map((d) => [d.version, d.eventId, d.difference])).toEqual([
      [2, id(2), 'altered'],
      [4, id(4), 'missing_in_source'],
    ]);
    expect(compareWithSource(copy.slice(0, 2), copy).map((d) => [d.version, d.difference])).toEqual([
      [3, 'missing_in_copy'],
      [4, 'missing_in_copy'],
    ]);
  });

  it('names an event replaced by another one at the same version', () => {
    const copy = chain(2);
    const source = [copy[0], { ...copy[1], eventId: id(2, '7') }];
    expect(compareWithSource(copy, source)).toMatchObject([
      { version: 2, difference: 'altered', copy: { eventId: id(2) }, source: { eventId: id(2, '7') } },
    ]);
  });
});

describe('copy against the published checkpoints', () => {
  it('agrees with heads the copy holds and reports the latest', () => {
    const c = chain(3);
    const result = compareWithCheckpoints(c, [head(1, 2, c[1].hash), head(4, 3, c[2].hash)], c);
    expect(result.differences).toEqual([]);
    expect(result.latest).toMatchObject({ sequence: 4, version: 3, matchesCopy: true });
  });

  it('names a head whose hash differs from the copy (history rewritten after the checkpoint)', () => {
    const c = chain(3);
    const forged = chain(3, 'forged');
    const result = compareWithCheckpoints(c, [head(1, 3, c[2].hash), head(2, 3, forged[2].hash)], forged);
    expect(result.differences).toMatchObject([
      { sequence: 2, version: 3, eventId: id(3), difference: 'altered' },
    ]);
    expect(result.latest).toMatchObject({ matchesCopy: false });
  });

  it('names the first deleted event when a later checkpoint goes back to an earlier version', () => {
    const c = chain(3);
    const result = compareWithCheckpoints(c, [head(1, 3, c[2].hash), head(2, 2, c[1].hash)], c.slice(0, 2));
    expect(result.differences).toMatchObject([
      { sequence: 2, version: 3, eventId: id(3), difference: 'missing_in_source' },
    ]);
  });

  it('says when the copy lags behind a checkpoint, and skips checkpoints whose digest is wrong', () => {
    const c = chain(3);
    const lag = compareWithCheckpoints(c.slice(0, 2), [head(1, 3, c[2].hash)], null);
    expect(lag.differences).toMatchObject([{ version: 3, difference: 'missing_in_copy' }]);
    const skipped = compareWithCheckpoints(c, [head(1, 3, sha('junk'), false)], c);
    expect(skipped).toMatchObject({ received: 1, ignored: 1, latest: null, differences: [] });
  });
});

describe('the verdict', () => {
  /** Expects a tampered verdict whose first difference from the source is `difference` at `version`. */
  const expectTamperedAt = (r: ReturnType<typeof assessStream>, version: number, difference: string) => {
    expect(r.verdict).toBe('tampered');
    expect(r.comparison?.firstDifference).toMatchObject({ version, eventId: id(version), difference });
  };

  it('is verified when copy, source and checkpoints agree', () => {
    const c = chain(3);
    const r = assessStream({ label, copy: c, source: answered(c), heads: [head(1, 3, c[2].hash)] });
    expect(r.verdict).toBe('verified');
    expect(r.detail).toMatch(/All 3 events of case X verify/);
    expect(r.findings).toEqual([]);
  });

  it('is tampered with the source’s own hash_mismatch when content changed but hashes did not', () => {
    const c = chain(3);
    const source = answered(c, {
      ok: false,
      headHash: null,
      firstBroken: { streamVersion: 2, eventId: id(2), reason: 'hash_mismatch' },
    });
    const r = assessStream({ label, copy: c, source, heads: [] });
    expect(r.verdict).toBe('tampered');
    expect(r.detail).toContain(`Event 2 (id ${id(2)}) of case X was altered in casework's database`);
    expect(r.detail).toContain('hash_mismatch');
  });

  it('is tampered, naming the altered event, when the hashes were recomputed so the source verifies', () => {
    const c = chain(3);
    const forged = [c[0], ...chain(3, 'forged').slice(1)].map((l, i, all) =>
      i === 0 ? l : { ...l, prevHash: all[i - 1].hash },
    );
    const r = assessStream({
      label,
      copy: c,
      source: answered(forged),
      heads: [head(1, 3, c[2].hash), head(2, 3, forged[2].hash)],
    });
    expectTamperedAt(r, 2, 'altered');
    expect(r.detail).toMatch(new RegExp(`^Event 2 \\(id ${id(2)}\\) of case X differs`));
    expect(r.findings.map((f) => [f.where, f.version, f.reason])).toEqual([
      ['comparison', 2, 'altered'],
      ['comparison', 3, 'altered'],
      ['checkpoint', 3, 'altered'],
    ]);
  });

  it('is tampered, naming the deleted last event as missing_in_source', () => {
    const c = chain(4);
    const r = assessStream({
      label,
      copy: c,
      source: answered(c.slice(0, 3)),
      heads: [head(1, 4, c[3].hash), head(2, 3, c[2].hash)],
    });
    expectTamperedAt(r, 4, 'missing_in_source');
    expect(r.detail).toContain(
      `Event 4 (id ${id(4)}) of case X is in reporting's copy but no longer in casework's database`,
    );
  });

  it('takes a 404 from casework for a case the copy holds as every event missing in the source', () => {
    const c = chain(2);
    const r = assessStream({ label, copy: c, source: { kind: 'not_found' }, heads: [] });
    expectTamperedAt(r, 1, 'missing_in_source');
  });

  it('is incomplete, not verified, when casework cannot be asked or the copy lags', () => {
    const c = chain(2);
    const down = assessStream({
      label,
      copy: c,
      source: { kind: 'unreachable', error: 'connect ECONNREFUSED' },
      heads: [head(1, 2, c[1].hash)],
    });
    expect(down).toMatchObject({ verdict: 'incomplete', comparison: null });
    expect(down.detail).toContain('casework could not be asked (connect ECONNREFUSED)');
    const lagging = assessStream({ label, copy: c.slice(0, 1), source: answered(c), heads: [] });
    expect(lagging.verdict).toBe('incomplete');
    expect(lagging.detail).toContain('missing_in_copy');
    const nothing = assessStream({
      label,
      copy: [],
      source: { kind: 'refused', status: 403, error: 'no' },
      heads: [],
    });
    expect(nothing.verdict).toBe('incomplete');
  });

  it('treats a broken link inside the copy as tampering and a gap in it as incomplete', () => {
    const c = chain(3);
    const broken = [c[0], { ...c[1], prevHash: sha('x') }, c[2]];
    expect(assessStream({ label, copy: broken, source: answered(broken), heads: [] }).verdict).toBe(
      'tampered',
    );
    const gap = [c[0], c[2]];
    expect(assessStream({ label, copy: gap, source: answered(c), heads: [] }).verdict).toBe('incomplete');
  });
});

describe('the checkpoints’ digest chain', () => {
  const base = {
    producer: 'casework',
    sequence: 2,
    digest: sha('2'),
    previousDigest: sha('1'),
    digestVerifies: true,
    predecessor: { sequence: 1 },
    sameParent: 1,
  };

  it('links each checkpoint to the one before it', () => {
    expect(checkpointLink(base)).toBe('linked');
    expect(checkpointLink({ ...base, sequence: 1, previousDigest: GENESIS, predecessor: null })).toBe(
      'genesis',
    );
    expect(checkpointLink({ ...base, predecessor: null })).toBe('previous_not_received');
  });

  it('names a wrong digest, a skipped sequence, a restart from genesis and a fork', () => {
    expect(checkpointLink({ ...base, digestVerifies: false })).toBe('digest_mismatch');
    expect(checkpointLink({ ...base, sequence: 3 })).toBe('broken');
    expect(checkpointLink({ ...base, previousDigest: GENESIS, predecessor: null })).toBe('broken');
    expect(checkpointLink({ ...base, sameParent: 2 })).toBe('forked');
  });
});
