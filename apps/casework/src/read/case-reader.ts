import { Injectable } from '@nestjs/common';
import { NATIONAL_UNIT } from '@cp/admin-units';
import { caseReadUnits, communeUnits, hasAnyRole, type AuthUser } from '@cp/auth';
import { DomainError, type CaseStatus } from '@cp/contracts';
import { EventStore, load, type StoredEvent } from '@cp/event-store';
import type { CaseIdentity } from '../domain/case.events';
import { caseDecider } from '../domain/case.decider';
import type { CaseState } from '../domain/case.state';
import { CASE_STREAM, streamId } from '../write/case-stream';
import { CaseAccess, notFound } from './case-access';
import { writeCaseIndex } from './case-index';
import { toFollowUpView, toView, type CaseFollowUpView, type CaseView } from './case-view';

/** A case the hotline referred, in its work list: status-level only (see CaseFollowUpView). */
export type CaseFollowUpListItem = Pick<
  CaseFollowUpView,
  | 'id'
  | 'view'
  | 'state'
  | 'takenUp'
  | 'overdue'
  | 'urgent'
  | 'incidentCommuneCode'
  | 'carryingCommuneCode'
  | 'assignedWorkerId'
  | 'receivedAt'
  | 'version'
>;

export interface CaseListItem {
  id: string;
  status: CaseStatus;
  level: string | null;
  ownerCommuneCode: string;
  incidentCommuneCode: string;
  residenceCommuneCode: string | null;
  transferToCommuneCode: string | null;
  assignedWorkerId: string | null;
  urgent: boolean;
  receivedAt: string;
  nextDueAt: string | null;
  overdueCount: number;
  version: number;
}

/** The read path: the case file, the hotline's follow-up view, the work list, the history and the chain. */
@Injectable()
export class CaseReader {
  constructor(
    private readonly store: EventStore,
    private readonly access: CaseAccess,
  ) {}

  /**
   * Who the child is (Decree 56 Art. 26.1), for the commune that carries the case only: its worker or its
   * chair (one of their 5-digit units carries the case). Another reader of the case is refused (403); a
   * case the user cannot see is not found (404). Texts read `[erased]` after the case's erasure.
   */
  async identity(user: AuthUser, caseId: string) {
    const loaded = await this.access.readable(user, caseId);
    const s = loaded.state;
    const carrying = s.ownerCommuneCode;
    if (
      !hasAnyRole(user, ['commune_worker', 'commune_chair']) ||
      !carrying ||
      !communeUnits(user).includes(carrying)
    ) {
      throw new DomainError(
        'CASE.NOT_CARRYING_COMMUNE',
        `Only the worker and the chair of the commune that carries case ${caseId} (${carrying}) see who the child is.`,
        'forbidden',
      );
    }
    const identity: CaseIdentity | null = s.opened?.identity ?? null;
    return {
      caseId,
      version: loaded.version,
      carryingCommuneCode: carrying,
      children: identity?.children ?? [],
      reporter: identity?.reporter ?? null,
    };
  }

  /**
   * A case as the user may read it: the case file for its communes (and their province, for oversight
   * roles); the follow-up view for the hotline user who referred it (a supervisor: any hotline referral);
   * otherwise 404, as for a case that does not exist.
   */
  async read(
    user: AuthUser,
    caseId: string,
    at?: string,
  ): Promise<{ kind: 'case'; view: CaseView } | { kind: 'follow_up'; view: CaseFollowUpView }> {
    this.assertNotFuture(at);
    const loaded = await load(this.store, caseDecider, streamId(caseId), { recordedAtOrBefore: at });
    const asOf = at ?? new Date().toISOString();
    if (this.access.visible(user, loaded.state)) {
      return { kind: 'case', view: toView(caseId, loaded.state, loaded.version, asOf) };
    }
    if (await this.followsUp(user, caseId, loaded.state)) {
      return { kind: 'follow_up', view: toFollowUpView(caseId, loaded.state, loaded.version, asOf) };
    }
    throw notFound(caseId, at);
  }

  /** `own-referrals`: a counsellor follows the cases they referred, a supervisor every hotline referral. */
  private async followsUp(user: AuthUser, caseId: string, s: CaseState): Promise<boolean> {
    if (!s.exists || s.opened?.source.kind !== 'hotline_referral') return false;
    if (user.roles.includes('hotline_supervisor')) return true;
    if (!user.roles.includes('hotline_counsellor')) return false;
    const rows: Array<{ referred_by: string | null }> = await this.store.sql.query(
      `SELECT referred_by FROM cw_case_index WHERE case_id = $1`,
      [caseId],
    );
    return rows.length > 0 && rows[0].referred_by !== null && rows[0].referred_by === user.sub;
  }

  private assertNotFuture(at: string | undefined): void {
    if (at && Date.parse(at) > Date.now()) {
      throw new DomainError(
        'CASE.AT_IN_FUTURE',
        'at: the case can be shown as it was, not as it will be.',
        'invalid',
        { field: 'at' },
      );
    }
  }

  /** The case file (only for the roles and communes that read it: see `read` for the hotline's view). */
  async get(user: AuthUser, caseId: string, at?: string): Promise<CaseView> {
    this.assertNotFuture(at);
    const loaded = await this.access.readable(user, caseId, at);
    return toView(caseId, loaded.state, loaded.version, at ?? new Date().toISOString());
  }

  /**
   * The cases the user may read, by the same rule as a single case: its carrying, incident or residence
   * commune or the commune a transfer is addressed to is one the user reads for (a commune role's
   * communes; an oversight role's communes, the communes of its provinces, or the nation); for the
   * hotline, the cases they referred (a supervisor: every hotline referral).
   */
  async list(
    user: AuthUser,
    q: { status?: CaseStatus; overdue?: boolean; worker?: string; limit?: number },
  ): Promise<Array<CaseListItem | CaseFollowUpListItem>> {
    const readUnits = caseReadUnits(user);
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    // The rows a commune or oversight role reads in full; the hotline's own referrals as follow-up rows.
    let fileScope = 'FALSE';
    if (readUnits.includes(NATIONAL_UNIT)) fileScope = 'TRUE';
    else {
      const communes = this.access.communesOf(readUnits);
      if (communes.length) {
        const c = p(communes);
        fileScope = `(owner_commune = ANY(${c}) OR incident_commune = ANY(${c}) OR residence_commune = ANY(${c})
           OR transfer_to_commune = ANY(${c}))`;
      }
    }
    let followScope = 'FALSE';
    if (user.roles.includes('hotline_supervisor')) followScope = `source_kind = 'hotline_referral'`;
    else if (user.roles.includes('hotline_counsellor')) {
      followScope = `(source_kind = 'hotline_referral' AND referred_by = ${p(user.sub)})`;
    }
    where.push(`(${fileScope} OR ${followScope})`);
    // A follow-up row shows only open or closed: asked for a stage, it answers by that alone.
    if (q.status) {
      const s = p(q.status);
      where.push(
        `(CASE WHEN ${fileScope} THEN status = ${s} ELSE (status = 'closed') = (${s} = 'closed') END)`,
      );
    }
    if (q.overdue === true) where.push(`overdue_count > 0`);
    if (q.overdue === false) where.push(`overdue_count = 0`);
    if (q.worker) where.push(`assigned_worker_id = ${p(q.worker === 'me' ? user.sub : q.worker)}`);
    const rows: Array<Record<string, unknown>> = await this.store.sql.query(
      `SELECT *, ${fileScope} AS case_file FROM cw_case_index WHERE ${where.join(' AND ')}
       ORDER BY overdue_count DESC, next_due_at ASC NULLS LAST, received_at DESC LIMIT ${p(q.limit ?? 100)}`,
      params,
    );
    return rows.map((r) => (r.case_file ? caseListItem(r) : followUpListItem(r)));
  }

  async history(user: AuthUser, caseId: string): Promise<Array<Record<string, unknown>>> {
    const loaded = await this.access.readable(user, caseId);
    return loaded.events.map((e: StoredEvent) => ({
      version: e.streamVersion,
      type: e.type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: { id: e.metadata.actorId, roles: e.metadata.roles, unit: e.metadata.unit },
      correlationId: e.metadata.correlationId,
      // Who the child is is read only through GET /cases/:id/identity (carrying commune, access-logged).
      data: withoutIdentity(e.type, e.data),
      hash: e.hash,
    }));
  }

  /**
   * The case's chain recomputed; with `chain`, also each stored event's version, id and hashes, so a
   * holder of a copy (reporting) can name the event where its copy and this database differ.
   */
  async integrity(user: AuthUser, caseId: string, opts: { chain?: boolean } = {}) {
    // Who may see the case is decided from its events as stored, free texts still sealed: a case whose
    // key was deleted behind the application's back must still be verifiable (that is why one asks).
    const loaded = await load(this.store, caseDecider, streamId(caseId), { sealed: true });
    if (!this.access.visible(user, loaded.state)) throw notFound(caseId);
    return this.store.verifyStream(streamId(caseId), undefined, opts);
  }

  /**
   * Recreates the case index from the events (it is derived data): after a restore, or when a database
   * holds cases written before the index existed. Returns the number of cases indexed.
   */
  async rebuildIndex(onlyIfEmpty = true): Promise<number> {
    if (onlyIfEmpty) {
      const [{ n }]: Array<{ n: number }> = await this.store.sql.query(
        `SELECT count(*)::int AS n FROM cw_case_index`,
      );
      if (n > 0) return 0;
    }
    const streams: Array<{ stream_id: string }> = await this.store.sql.query(
      `SELECT DISTINCT stream_id FROM es_events WHERE stream_type = $1`,
      [CASE_STREAM],
    );
    const now = new Date().toISOString();
    for (const { stream_id } of streams) {
      const loaded = await load(this.store, caseDecider, stream_id);
      if (!loaded.state.exists) continue;
      await writeCaseIndex(this.store.sql, loaded.state.caseId!, loaded.state, loaded.version, now);
    }
    return streams.length;
  }
}

function withoutIdentity(type: string, data: unknown): unknown {
  if (type !== 'CaseOpened' || !data || typeof data !== 'object' || !('identity' in data)) return data;
  const { identity, ...rest } = data as Record<string, unknown>;
  return { ...rest, identityRecorded: identity != null };
}

/** A row of the work list as a commune or oversight role reads it. */
function caseListItem(r: Record<string, unknown>): CaseListItem {
  return {
    id: String(r.case_id),
    status: r.status as CaseStatus,
    level: (r.level as string | null) ?? null,
    ownerCommuneCode: String(r.owner_commune),
    incidentCommuneCode: String(r.incident_commune),
    residenceCommuneCode: (r.residence_commune as string | null) ?? null,
    transferToCommuneCode: (r.transfer_to_commune as string | null) ?? null,
    assignedWorkerId: (r.assigned_worker_id as string | null) ?? null,
    urgent: Boolean(r.urgent),
    receivedAt: new Date(r.received_at as string).toISOString(),
    nextDueAt: r.next_due_at ? new Date(r.next_due_at as string).toISOString() : null,
    overdueCount: Number(r.overdue_count),
    version: Number(r.version),
  };
}

/** A row of the hotline's work list: whether the referral was taken up, open, closed or late. */
function followUpListItem(r: Record<string, unknown>): CaseFollowUpListItem {
  return {
    id: String(r.case_id),
    view: 'follow_up',
    state: r.status === 'closed' ? 'closed' : 'open',
    takenUp: r.status !== 'received' || r.assigned_worker_id !== null,
    overdue: Number(r.overdue_count) > 0,
    urgent: Boolean(r.urgent),
    incidentCommuneCode: String(r.incident_commune),
    carryingCommuneCode: String(r.owner_commune),
    assignedWorkerId: (r.assigned_worker_id as string | null) ?? null,
    receivedAt: new Date(r.received_at as string).toISOString(),
    version: Number(r.version),
  };
}
