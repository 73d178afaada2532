// The shapes of an integrity comparison (integrity-compare.ts) and of what it found (integrity-findings.ts).

/** One event of the chain: as reporting copied it, or as the source lists it now. */
export interface Link {
  version: number;
  eventId: string;
  hash: string;
  prevHash: string;
}

/** A copied event; the links are null for an event that arrived without its integrity block. */
export interface CopiedEvent {
  version: number;
  eventId: string;
  hash: string | null;
  prevHash: string | null;
}

export type BrokenReason =
  | 'hash_mismatch'
  | 'chain_broken'
  | 'version_gap'
  | 'subject_key_missing'
  | 'subject_key_destroyed'
  | 'subject_key_altered';

/** What the source answered about the stream. */
export type SourceCheck =
  | { kind: 'unreachable'; error: string }
  | { kind: 'refused'; status: number; error: string }
  | { kind: 'not_found' }
  | {
      kind: 'answered';
      streamId: string;
      ok: boolean;
      events: number;
      headHash: string | null;
      firstBroken: { streamVersion: number; eventId: string | null; reason: BrokenReason } | null;
      chain: Link[];
    };

/** The head of this stream as one received checkpoint published it. */
export interface CheckpointHead {
  producer: string;
  sequence: number;
  at: string;
  digestVerifies: boolean;
  version: number;
  hash: string;
}

export type Difference = 'altered' | 'missing_in_source' | 'missing_in_copy';

export interface CopyCheck {
  ok: boolean;
  events: number;
  headVersion: number;
  headHash: string | null;
  firstProblem: {
    version: number;
    eventId: string | null;
    reason: 'version_gap' | 'chain_broken' | 'duplicate_version' | 'no_integrity';
  } | null;
}

export interface SourceDifference {
  version: number;
  eventId: string | null;
  difference: Difference;
  copy: { eventId: string; hash: string | null; prevHash: string | null } | null;
  source: { eventId: string; hash: string; prevHash: string } | null;
}

export interface CheckpointDifference {
  sequence: number;
  at: string;
  version: number;
  eventId: string | null;
  difference: Difference;
  /** The version and hash the checkpoint published for the stream. */
  head: { version: number; hash: string };
  detail: string;
}

export interface CheckpointComparison {
  /** Checkpoints received that mention this stream (only those whose digest verifies are compared). */
  received: number;
  ignored: number;
  latest: (CheckpointHead & { matchesCopy: boolean | null }) | null;
  differences: CheckpointDifference[];
}

export interface Finding {
  version: number | null;
  eventId: string | null;
  where: 'source' | 'comparison' | 'checkpoint' | 'copy';
  reason: string;
  /** Evidence that a stored event was altered or deleted (else: something could not be checked yet). */
  tampered: boolean;
  detail: string;
}

export type Verdict = 'verified' | 'tampered' | 'incomplete';

export interface StreamIntegrity {
  verdict: Verdict;
  detail: string;
  copy: CopyCheck;
  comparison: {
    compared: number;
    firstDifference: SourceDifference | null;
    differences: SourceDifference[];
  } | null;
  checkpoints: CheckpointComparison;
  findings: Finding[];
}
