import type { IntegrationEnvelope } from './envelope';
import type { ErasureCascadeV1 } from './erasure';

/**
 * A read of a child's record (docs/privacy.md: every read is itself audited). Published by the service that
 * holds the record, on its own access topic (`cp.<service>.audit.access.v1`, `AUDIT_ACCESS_TOPICS`), keyed by
 * the record id. No personal data: ids and field names.
 */
export interface RecordAccessedV1 {
  accessId: string;
  /** `search`: a search of the records by name (its record id is the search's own id). */
  recordKind: 'case' | 'contact' | 'search';
  recordId: string;
  /** The case a contact belongs to, when known, so a case's audit trail shows reads of its contacts. */
  caseId: string | null;
  /** What was read: `state`, `state_at`, `history`, `integrity`, `contact`, … */
  view: string;
  /** The groups of fields returned (e.g. `children`, `reporter`, `assessment`, `plan`). */
  fields: string[];
  /** Instant requested for a point-in-time read. */
  asAt: string | null;
  at: string;
  /**
   * `refused`: the reader asked for the record and was turned away (no role for it, or it is outside their
   * units, or there is no such record: the answer does not tell which). Absent on records written before
   * refusals were recorded: `granted`.
   */
  outcome?: 'granted' | 'refused';
  /**
   * A name search: the keyed digests of its words (the blind index), never the words. Whoever holds the
   * index key can tell whether a given name was searched; nobody can read what was.
   */
  query?: { blindTokens: string[] };
  /** A search: how many records it matched. */
  results?: number;
}

/**
 * A checkpoint: the heads of the streams of one service that changed since its previous checkpoint,
 * chained by digest (`digest = sha256(previousDigest + "\n" + canonicalJson({producer, sequence, at, heads,
 * faults}))`, see `checkpointDigest` in libs/event-store) and signed by the service's Ed25519 key, so a copy
 * of every chain's head exists outside the service's database and nobody without that key can forge one.
 * Published on the producer's own topic (`CHECKPOINT_TOPICS`). A stream whose events were all deleted
 * appears with version 0 and the genesis hash.
 */
export interface StreamCheckpointV1 {
  producer: 'intake' | 'casework';
  sequence: number;
  at: string;
  heads: CheckpointHeadV1[];
  /** What the service's own re-verification of its store found wrong since its previous checkpoint. */
  faults?: CheckpointFaultV1[];
  previousDigest: string;
  digest: string;
  /** Which of the producer's keys signed (`keyId` of libs/event-store checkpoint-signing.ts). */
  keyId?: string;
  /** Ed25519 signature of `cp.checkpoint.v1\n<digest>`, base64 (absent on checkpoints made before signing). */
  signature?: string;
}

export interface CheckpointHeadV1 {
  streamId: string;
  version: number;
  hash: string;
  /**
   * For a stream this service had published before: what the stream holds now at the version published
   * last time (`hash` null when that version is gone). Anyone holding the earlier checkpoint can tell
   * whether the history under it was rewritten, even when the stream grew since.
   */
  previous?: { version: number; hash: string | null };
}

/** An event of the producer's store that no longer verifies (reasons of `IntegrityResult` in libs/event-store). */
export interface CheckpointFaultV1 {
  streamId: string;
  version: number;
  eventId: string | null;
  reason: string;
}

/**
 * Something reporting's integrity sweep found that a tamper-free history cannot produce: a checkpoint
 * whose signature or chain does not check out, a signed head that contradicts reporting's copy of the
 * chain or an earlier head, a fault the producer itself reported. Published by reporting on
 * `cp.reporting.integrity.alerts.v1`, keyed by the producer whose records it is about; listed at
 * `GET /api/v1/audit/integrity/alerts`. Stream ids, versions and hashes only.
 */
export interface IntegrityAlertV1 {
  alertId: string;
  kind: IntegrityAlertKind;
  /** Whose records (from the topic the evidence arrived on, never from a message body). */
  producer: 'intake' | 'casework';
  streamId: string | null;
  version: number | null;
  eventId: string | null;
  /** The checkpoint the evidence came with, if any. */
  checkpointSequence: number | null;
  detail: string;
  detectedAt: string;
}

export type IntegrityAlertKind =
  | 'signature_invalid'
  | 'digest_mismatch'
  | 'producer_mismatch'
  | 'checkpoint_chain_broken'
  | 'checkpoint_chain_forked'
  | 'head_differs_from_copy'
  | 'head_rewritten'
  | 'head_went_back'
  | 'history_rewritten'
  | 'copy_conflict'
  | 'copy_chain_broken'
  | 'producer_fault';

/**
 * Why a record's personal data was erased (Personal Data Protection Law 91/2025): the data subject (or
 * their parent or guardian) asked, the retention period ended, a court or competent authority ordered it.
 */
/** What an erased personal field reads back as, everywhere. */
export const ERASED = '[erased]';

export const ERASURE_BASES = ['subject_request', 'retention_expired', 'court_order', 'other'] as const;
export type ErasureBasis = (typeof ERASURE_BASES)[number];

/**
 * A record's personal data was erased: the keys of its data subjects were destroyed. The request's
 * document reference stays with the record (it is free text), not in the message. Intake publishes it
 * for a contact on its topic; casework publishes a case's erasure as a step of the case (CaseUpdatedV1
 * with these fields in `details`), and intake erases the contacts it lists in turn.
 */
export interface PersonalDataErasedV1 {
  erasureId: string;
  recordKind: 'contact' | 'case';
  recordId: string;
  basis: ErasureBasis;
  /** How many data subjects (children, reporter, the record's narrative) had their keys destroyed. */
  subjects: number;
  erasedAt: string;
  /** For a case: the hotline contacts it came from, erased in turn by intake. */
  contactIds: string[];
  /**
   * For a case: what intake erases in each of those contacts, by data subject (the per-basis rule of
   * docs/privacy.md). Absent in erasures published before the rule: intake then erases the contacts whole.
   */
  cascade?: ErasureCascadeV1[];
}

export type AuditIntegrationEvent =
  | IntegrationEnvelope<'RecordAccessed', RecordAccessedV1>
  | IntegrationEnvelope<'StreamCheckpoint', StreamCheckpointV1>
  | IntegrationEnvelope<'IntegrityAlertRaised', IntegrityAlertV1>;
