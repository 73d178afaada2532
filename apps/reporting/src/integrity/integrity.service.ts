import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import { caseReadUnits, type AuthUser } from '@cp/auth';
import { DomainError } from '@cp/contracts';
import { covers } from '../jurisdiction';
import { CaseworkClient } from './casework-client';
import { IntegritySweep } from './integrity-sweep';
import { toAlert } from './integrity-sweep-findings';
import {
  LINK_OK,
  assessStream,
  checkpointLink,
  type CheckpointHead,
  type CopiedEvent,
  type LinkStatus,
  type SourceCheck,
} from './integrity-compare';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
type Row = Record<string, any>;

const iso = (v: unknown): string => new Date(v as string).toISOString();

/** What the answer says about casework's side (its stored chain itself is only used for the comparison). */
function presentSource(source: SourceCheck) {
  switch (source.kind) {
    case 'unreachable':
      return { reachable: false as const, error: source.error };
    case 'refused':
      return { reachable: true as const, status: source.status, found: null, error: source.error };
    case 'not_found':
      return { reachable: true as const, status: 404, found: false };
    case 'answered':
      return {
        reachable: true as const,
        status: 200,
        found: true,
        ok: source.ok,
        events: source.events,
        headHash: source.headHash,
        firstBroken: source.firstBroken,
      };
  }
}

const LINK_SENTENCE: Record<LinkStatus, string> = {
  genesis: 'is the first of its chain',
  linked: 'links to the checkpoint before it',
  previous_not_received: 'links to a checkpoint reporting did not receive',
  digest_mismatch: 'does not match its own digest: its content was changed after the digest was computed',
  broken: 'names a previous digest that is not the checkpoint before it in sequence',
  forked: 'shares its previous checkpoint with another one: the producer published two different histories',
};

@Injectable()
export class IntegrityService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: AdminUnits,
    private readonly casework: CaseworkClient,
    private readonly sweep: IntegritySweep,
  ) {}

  /**
   * The case's chain as reporting copied it, against casework's own verification and the checkpoints
   * casework published. 404 when reporting knows no such case within the user's units.
   */
  async caseIntegrity(user: AuthUser, caseId: string, authorization: string | undefined) {
    const copyRows: Row[] = await this.ds.query(
      `SELECT event_id, source_stream, source_version, aggregate_version, hash, prev_hash FROM rm_events
       WHERE case_id = $1 AND producer = 'casework'
       ORDER BY coalesce(source_version, aggregate_version), position`,
      [caseId],
    );
    await this.assertVisible(user, caseId);
    const copy: CopiedEvent[] = copyRows.map((r) => ({
      version: Number(r.source_version ?? r.aggregate_version),
      eventId: String(r.event_id),
      hash: r.hash === null || r.source_version === null ? null : String(r.hash),
      prevHash: r.prev_hash === null || r.source_version === null ? null : String(r.prev_hash),
    }));
    const source = await this.casework.caseIntegrity(caseId, authorization);
    const streamId =
      (copyRows.find((r) => r.source_stream)?.source_stream as string | undefined) ??
      (source.kind === 'answered' ? source.streamId : null);
    const heads = streamId ? await this.headsOf(streamId) : [];
    const assessed = assessStream({ label: `case ${caseId}`, copy, source, heads });
    return {
      caseId,
      streamId,
      checkedAt: new Date().toISOString(),
      verdict: assessed.verdict,
      detail: assessed.detail,
      copy: assessed.copy,
      source: presentSource(source),
      comparison: assessed.comparison,
      checkpoints: assessed.checkpoints,
      findings: assessed.findings,
    };
  }

  /** The latest checkpoints received, each with where it stands in its producer's digest chain. */
  async checkpoints(q: { producer?: string; limit?: number }) {
    const rows: Row[] = await this.ds.query(
      `SELECT c.*, p.sequence AS predecessor_sequence,
              (SELECT count(*) FROM rm_integrity_checkpoints s
               WHERE s.producer = c.producer AND s.previous_digest = c.previous_digest)::int AS same_parent
       FROM rm_integrity_checkpoints c
       LEFT JOIN rm_integrity_checkpoints p ON p.producer = c.producer AND p.digest = c.previous_digest
       WHERE $1::text IS NULL OR c.producer = $1
       ORDER BY c.position DESC LIMIT $2`,
      [q.producer ?? null, q.limit ?? 50],
    );
    const items = rows.map((r) => {
      const link = checkpointLink({
        producer: r.producer,
        sequence: Number(r.sequence),
        digest: r.digest,
        previousDigest: r.previous_digest,
        digestVerifies: r.digest_verifies,
        predecessor: r.predecessor_sequence === null ? null : { sequence: Number(r.predecessor_sequence) },
        sameParent: Number(r.same_parent),
      });
      return {
        eventId: String(r.event_id),
        producer: String(r.producer),
        sequence: Number(r.sequence),
        at: iso(r.at),
        receivedAt: iso(r.received_at),
        heads: Number(r.heads_count),
        previousDigest: String(r.previous_digest),
        digest: String(r.digest),
        digestVerifies: Boolean(r.digest_verifies),
        // null: received before signatures were checked
        signatureVerifies: r.signature_verifies === null ? null : Boolean(r.signature_verifies),
        keyId: r.key_id ?? null,
        faults: Array.isArray(r.faults) ? r.faults.length : 0,
        link,
      };
    });
    const unsigned = items.find((i) => i.signatureVerifies === false);
    const bad = items.find((i) => !LINK_OK.has(i.link));
    const unanchored = items.filter((i) => i.link === 'previous_not_received').length;
    const detail = bad
      ? `Checkpoint ${bad.sequence} of ${bad.producer} (${bad.at}) ${LINK_SENTENCE[bad.link]} (${bad.link}).`
      : unsigned
        ? `Checkpoint ${unsigned.sequence} of ${unsigned.producer} (${unsigned.at}) is not signed by ${unsigned.producer}'s configured key (${unsigned.keyId ?? 'no key named'}).`
        : items.length === 0
          ? 'No checkpoint has been received yet.'
          : `The ${items.length} latest checkpoint(s) verify: each digest recomputes and links to the one before it` +
            (unanchored ? ` (${unanchored} link to a checkpoint reporting did not receive).` : '.');
    return { verified: !bad && !unsigned, detail, count: items.length, items };
  }

  /** The integrity sweep's alerts, newest first, with how the last sweep went. */
  async alerts(q: { producer?: string; kind?: string; limit?: number }) {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM rm_integrity_alerts
       WHERE ($1::text IS NULL OR producer = $1) AND ($2::text IS NULL OR kind = $2)
       ORDER BY position DESC LIMIT $3`,
      [q.producer ?? null, q.kind ?? null, q.limit ?? 100],
    );
    const [{ total }]: Row[] = await this.ds.query(`SELECT count(*)::int AS total FROM rm_integrity_alerts`);
    return {
      total: Number(total),
      count: rows.length,
      lastSweep: this.sweep.lastSweep,
      items: rows.map((r) => ({ ...toAlert(r), evidence: r.evidence ?? {} })),
    };
  }

  /** Every head the received checkpoints published for one stream, oldest first. */
  private async headsOf(streamId: string): Promise<CheckpointHead[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT c.producer, c.sequence, c.at, h.version, h.hash,
              c.digest_verifies AND c.signature_verifies IS NOT FALSE
                AND coalesce(c.claimed_producer, c.producer) = c.producer AS digest_verifies
       FROM rm_integrity_heads h JOIN rm_integrity_checkpoints c ON c.event_id = h.checkpoint_event_id
       WHERE h.stream_id = $1 ORDER BY c.sequence, c.position`,
      [streamId],
    );
    return rows.map((r) => ({
      producer: String(r.producer),
      sequence: Number(r.sequence),
      at: iso(r.at),
      digestVerifies: Boolean(r.digest_verifies),
      version: Number(r.version),
      hash: String(r.hash),
    }));
  }

  /**
   * The communes and provinces the case's copied events name (owner, incident, residence) and its
   * caseload row: the user must act for one of them. Unknown and out of reach answer alike (404), so the
   * endpoint does not reveal which cases exist elsewhere.
   */
  private async assertVisible(user: AuthUser, caseId: string): Promise<void> {
    const rows: Array<{ unit: string }> = await this.ds.query(
      `SELECT DISTINCT unit FROM (
         SELECT unnest(units) AS unit FROM rm_events WHERE case_id = $1 AND producer = 'casework'
         UNION ALL SELECT commune_code::text FROM rm_caseload WHERE case_id = $1
         UNION ALL SELECT province_code::text FROM rm_caseload WHERE case_id = $1
       ) u WHERE unit IS NOT NULL`,
      [caseId],
    );
    const acting = caseReadUnits(user);
    const visible = rows.some((r) => covers(this.units, acting, String(r.unit)));
    if (!visible) {
      throw new DomainError(
        'INTEGRITY.CASE_NOT_FOUND',
        `Reporting holds no case ${caseId} within your units (${acting.join(', ') || 'none'}).`,
        'not_found',
      );
    }
  }
}
