import {
  checkpointFinding,
  comparisonFinding,
  copyFindings,
  eventName,
  short,
  sourceFindings,
  verdictOf,
} from './integrity-findings';
import type {
  CheckpointComparison,
  CheckpointDifference,
  CheckpointHead,
  CopiedEvent,
  CopyCheck,
  Link,
  SourceCheck,
  SourceDifference,
  StreamIntegrity,
} from './integrity.types';

export type * from './integrity.types';

/**
 * Pure comparison of three views of one stream's hash chain (event-sourcing rule 10):
 *
 * - reporting's copy: the `integrity` block every integration event carried (version, hash, previous hash);
 * - the source's own answer: casework recomputes every hash and lists what it stores now;
 * - the checkpoints the source published: the head (version, hash) of the stream at points in time.
 *
 * An event altered in the source database breaks the source's own recomputation — unless whoever
 * altered it also recomputed the hashes, which the copy and the checkpoints still expose. Every finding
 * names the version and the event.
 */

/** The genesis previous hash (libs/event-store GENESIS_HASH; repeated so this file stays free of I/O code). */
export const GENESIS = '0'.repeat(64);

/**
 * The copy on its own: versions contiguous from 1 and each previous hash equal to the hash before it.
 * (The copy holds no event content, so hashes cannot be recomputed here: that is the source's check.)
 */
export function checkCopy(copy: readonly CopiedEvent[]): CopyCheck {
  const sorted = [...copy].sort((a, b) => a.version - b.version);
  const head = sorted[sorted.length - 1];
  const result = (firstProblem: CopyCheck['firstProblem']): CopyCheck => ({
    ok: firstProblem === null,
    events: sorted.length,
    headVersion: head?.version ?? 0,
    headHash: head?.hash ?? null,
    firstProblem,
  });
  let prev = GENESIS;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (e.hash === null || e.prevHash === null) {
      return result({ version: e.version, eventId: e.eventId, reason: 'no_integrity' });
    }
    if (i > 0 && sorted[i - 1].version === e.version) {
      return result({ version: e.version, eventId: e.eventId, reason: 'duplicate_version' });
    }
    if (e.version !== i + 1) return result({ version: i + 1, eventId: null, reason: 'version_gap' });
    if (e.prevHash !== prev)
      return result({ version: e.version, eventId: e.eventId, reason: 'chain_broken' });
    prev = e.hash;
  }
  return result(null);
}

/** Copy and source side by side, version by version: every place where they differ. */
export function compareWithSource(copy: readonly CopiedEvent[], source: readonly Link[]): SourceDifference[] {
  const copied = new Map<number, CopiedEvent>();
  for (const e of copy) if (e.hash !== null && !copied.has(e.version)) copied.set(e.version, e);
  const stored = new Map(source.map((e) => [e.version, e]));
  const versions = [...new Set([...copied.keys(), ...stored.keys()])].sort((a, b) => a - b);
  const out: SourceDifference[] = [];
  for (const v of versions) {
    const c = copied.get(v);
    const s = stored.get(v);
    const copyPart = c ? { eventId: c.eventId, hash: c.hash, prevHash: c.prevHash } : null;
    const sourcePart = s ? { eventId: s.eventId, hash: s.hash, prevHash: s.prevHash } : null;
    if (c && !s) {
      out.push({
        version: v,
        eventId: c.eventId,
        difference: 'missing_in_source',
        copy: copyPart,
        source: null,
      });
    } else if (s && !c) {
      out.push({
        version: v,
        eventId: s.eventId,
        difference: 'missing_in_copy',
        copy: null,
        source: sourcePart,
      });
    } else if (c && s && (c.eventId !== s.eventId || c.hash !== s.hash || c.prevHash !== s.prevHash)) {
      out.push({ version: v, eventId: c.eventId, difference: 'altered', copy: copyPart, source: sourcePart });
    }
  }
  return out;
}

/**
 * Every head a checkpoint published for the stream against the copy (or, for a version the copy does
 * not hold yet, the source): a different hash at a published version means the history was changed
 * after it was checkpointed, and a head that went back means events were deleted.
 */
export function compareWithCheckpoints(
  copy: readonly CopiedEvent[],
  heads: readonly CheckpointHead[],
  source: readonly Link[] | null,
): CheckpointComparison {
  const copied = new Map<number, CopiedEvent>();
  for (const e of copy) if (e.hash !== null && !copied.has(e.version)) copied.set(e.version, e);
  const stored = new Map((source ?? []).map((e) => [e.version, e]));
  const usable = heads.filter((h) => h.digestVerifies).sort((a, b) => a.sequence - b.sequence);
  const differences: CheckpointDifference[] = [];
  let highest: CheckpointHead | null = null;
  for (const h of usable) {
    const at = { sequence: h.sequence, at: h.at, head: { version: h.version, hash: h.hash } };
    if (highest && h.version < highest.version) {
      const gone = h.version + 1;
      const eventId = copied.get(gone)?.eventId ?? null;
      differences.push({
        ...at,
        version: gone,
        eventId,
        difference: 'missing_in_source',
        detail:
          `checkpoint ${h.sequence} (${h.at}) says the stream ends at version ${h.version}, but checkpoint ` +
          `${highest.sequence} had published version ${highest.version}: ${eventName(gone, eventId)} ` +
          `and after it were deleted from the source`,
      });
    }
    if (!highest || h.version >= highest.version) highest = h;
    if (h.version === 0) continue;
    const c = copied.get(h.version);
    const s = stored.get(h.version);
    const held = c ? { hash: c.hash!, eventId: c.eventId, by: "reporting's copy" } : null;
    const compared = held ?? (s ? { hash: s.hash, eventId: s.eventId, by: 'the source' } : null);
    if (!compared) {
      differences.push({
        ...at,
        version: h.version,
        eventId: null,
        difference: 'missing_in_copy',
        detail: `checkpoint ${h.sequence} published version ${h.version}, which reporting's copy does not hold yet`,
      });
    } else if (compared.hash !== h.hash) {
      differences.push({
        ...at,
        version: h.version,
        eventId: compared.eventId,
        difference: 'altered',
        detail:
          `checkpoint ${h.sequence} (${h.at}) published ${eventName(h.version, compared.eventId)} with hash ` +
          `${short(h.hash)} but ${compared.by} holds ${short(compared.hash)}`,
      });
    }
  }
  const latest = usable[usable.length - 1];
  const latestCopy = latest ? copied.get(latest.version) : undefined;
  return {
    received: heads.length,
    ignored: heads.length - usable.length,
    latest: latest
      ? {
          ...latest,
          matchesCopy: latest.version === 0 ? null : latestCopy ? latestCopy.hash === latest.hash : null,
        }
      : null,
    differences,
  };
}

/** Everything put together: the verdict, and a sentence naming the first event that is wrong. */
export function assessStream(args: {
  label: string;
  copy: readonly CopiedEvent[];
  source: SourceCheck;
  heads: readonly CheckpointHead[];
}): StreamIntegrity {
  const { label } = args;
  const copy = checkCopy(args.copy);
  const sourceChain =
    args.source.kind === 'answered' ? args.source.chain : args.source.kind === 'not_found' ? [] : null;
  const differences = sourceChain ? compareWithSource(args.copy, sourceChain) : null;
  const checkpoints = compareWithCheckpoints(args.copy, args.heads, sourceChain);
  const findings = [
    ...sourceFindings(label, args.source, args.copy),
    ...(differences ?? []).map((d) => comparisonFinding(label, d)),
    ...checkpoints.differences.map((d) => checkpointFinding(label, d)),
    ...copyFindings(label, copy),
  ];
  if (args.copy.length === 0 && !(sourceChain && sourceChain.length > 0)) {
    findings.push({
      version: null,
      eventId: null,
      where: 'copy',
      reason: 'no_copy',
      tampered: false,
      detail: `reporting holds no copy of the events of ${label} yet`,
    });
  }
  return {
    ...verdictOf(label, findings, copy, checkpoints),
    copy,
    comparison: differences
      ? {
          compared: Math.max(copy.events, sourceChain!.length),
          firstDifference: differences[0] ?? null,
          differences,
        }
      : null,
    checkpoints,
    findings,
  };
}

// ───────────────────────────── the checkpoints' own chain ─────────────────────────────

export interface ReceivedCheckpoint {
  producer: string;
  sequence: number;
  digest: string;
  previousDigest: string;
  digestVerifies: boolean;
  /** The received checkpoint whose digest is this one's previous digest, if reporting has it. */
  predecessor: { sequence: number } | null;
  /** How many received checkpoints of the producer name the same previous digest (1 = only this one). */
  sameParent: number;
}

export type LinkStatus =
  'genesis' | 'linked' | 'previous_not_received' | 'digest_mismatch' | 'broken' | 'forked';

/**
 * Where one checkpoint stands in its producer's digest chain. `previous_not_received` is not a break:
 * reporting may have started listening after it, or several source databases share one topic (tests).
 */
export function checkpointLink(c: ReceivedCheckpoint): LinkStatus {
  if (!c.digestVerifies) return 'digest_mismatch';
  if (c.previousDigest === GENESIS) return c.sequence === 1 ? 'genesis' : 'broken';
  if (c.sameParent > 1) return 'forked';
  if (!c.predecessor) return 'previous_not_received';
  return c.predecessor.sequence === c.sequence - 1 ? 'linked' : 'broken';
}

export const LINK_OK: ReadonlySet<LinkStatus> = new Set(['genesis', 'linked', 'previous_not_received']);
