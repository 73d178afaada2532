import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminUnits, NATIONAL_UNIT } from '@cp/admin-units';
import { OVERSIGHT_ROLES, caseReadUnits, communeUnits, hasAnyRole, type AuthUser } from '@cp/auth';
import {
  DomainError,
  TOPICS,
  type CaseStatus,
  type CommandMetadata,
  type IntegrationEnvelope,
  type ReportLinkedToCaseV1,
  type ReportReferredV1,
} from '@cp/contracts';
import {
  ConcurrencyError,
  EventStore,
  GENESIS_HASH,
  handleCommand,
  load,
  type Loaded,
  type Idempotency,
  type Sql,
  type StoredEvent,
} from '@cp/event-store';
import {
  CONFIG,
  MessagingLifecycle,
  commandMetadata,
  commandMetadataFromEvent,
  uuidFromName,
} from '@cp/platform';
import type { CaseworkConfig } from '../config';
import {
  DEV_REFERRAL_IDENTITY_KEY,
  openReferralIdentity,
  type ReferralIdentityKeyRing as KeyRing,
} from '@cp/messaging';
import type { CaseIdentity } from '../domain/case.events';
import { caseDecider, type CaseState } from '../domain/case.decider';
import { caseSubject } from '../domain/case.personal-data';
import type { CaseCommand } from '../domain/case.commands';
import { STEP_RULES } from '../domain/case.permissions';
import { caseMessages } from './case-messages';
import { caseIndexUpsert, writeCaseIndex } from './case-index';
import { toFollowUpView, toView, type CaseFollowUpView, type CaseView } from './case-view';
import type { OpenCaseDto } from './cases.dto';
import { DEADLINE_RULES, type DeadlineRulesSource } from './deadline-rules';

export const CASE_STREAM = 'case';
export const streamId = (caseId: string) => `case-${caseId}`;
/** Namespace for case ids derived from referral ids: one referral can only ever open one case. */
const REFERRAL_NAMESPACE = 'cp.casework.case-from-referral';
const caseIdOfReferral = (referralId: string) => uuidFromName(REFERRAL_NAMESPACE, referralId);
/** A case stream before its first event. */
const NEW_CASE: Loaded<CaseState> = {
  state: caseDecider.initialState(),
  version: 0,
  headHash: GENESIS_HASH,
  events: [],
};

/** A step command as the controller builds it: everything but the metadata and the deadline rules. */
export type StepCommand = CaseCommand extends infer C
  ? C extends CaseCommand
    ? Omit<C, 'metadata' | 'rules'>
    : never
  : never;

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

@Injectable()
export class CasesService implements OnModuleInit {
  /** The cases this instance changed last, as it left them (a hint, always checked by the append). */
  private readonly recent = new RecentStreams<CaseState>(5000);

  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
    private readonly messaging: MessagingLifecycle,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRulesSource,
    /** Absent in tests that build the service by hand: they run in development mode (its published key). */
    @Optional() @Inject(CONFIG) private readonly config?: Pick<CaseworkConfig, 'referralIdentityKeys'>,
  ) {}

  private get identityKeys(): KeyRing {
    return this.config?.referralIdentityKeys ?? [{ kid: 'dev', key: DEV_REFERRAL_IDENTITY_KEY }];
  }

  /**
   * Who the child is (Decree 56 Art. 26.1), for the commune that carries the case only: its worker or its
   * chair (one of their 5-digit units carries the case). Another reader of the case is refused (403); a
   * case the user cannot see is not found (404). Texts read `[erased]` after the case's erasure.
   */
  async identity(user: AuthUser, caseId: string) {
    const loaded = await this.readable(user, caseId);
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

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.caseworkCases);
    this.messaging.consume(
      'referrals',
      [TOPICS.intakeContacts],
      (env, ctx) => this.onIntakeEvent(env, ctx.sql),
      async (envs, ctx) => {
        for (const env of envs) await this.onIntakeEvent(env, ctx.sql);
      },
    );
  }

  async openDirect(
    user: AuthUser,
    dto: OpenCaseDto,
    idempotency?: Idempotency,
  ): Promise<{ view: CaseView; replayed: boolean; appended: number }> {
    const provinceCode = this.requireCommune(dto.incidentCommuneCode, 'incidentCommuneCode');
    const residenceProvinceCode = dto.residenceCommuneCode
      ? this.requireCommune(dto.residenceCommuneCode, 'residenceCommuneCode')
      : null;
    // A commune role acts for its communes only: a province or VN on its token opens nothing (README "Who may do what").
    if (!communeUnits(user).includes(dto.incidentCommuneCode)) {
      throw new DomainError(
        'CASE.OUT_OF_JURISDICTION',
        `incidentCommuneCode: you do not act for commune ${dto.incidentCommuneCode}.`,
        'forbidden',
        { field: 'incidentCommuneCode' },
      );
    }
    const caseId = randomUUID();
    const metadata = commandMetadata(user, dto.incidentCommuneCode);
    const command: CaseCommand = {
      type: 'OpenCase',
      caseId,
      source: { kind: 'commune_direct' },
      incidentCommuneCode: dto.incidentCommuneCode,
      provinceCode,
      residenceCommuneCode: dto.residenceCommuneCode ?? null,
      residenceProvinceCode,
      receivedAt: new Date(dto.receivedAt).toISOString(),
      urgent: dto.urgent ?? false,
      concerns: [...new Set(dto.concerns)],
      children: dto.children.map((c) => ({
        childRef: randomUUID(),
        sex: c.sex,
        ageYears: c.ageYears ?? null,
        specialCircumstances: [...new Set(c.specialCircumstances ?? [])],
      })),
      category: dto.category ?? null,
      setting: dto.setting ?? null,
      report: {
        reportNumber: dto.reportNumber?.trim() || null,
        channel: dto.channel ?? null,
        currentCondition: dto.currentCondition?.trim() ?? '',
        expectedWithoutHelp: dto.expectedWithoutHelp?.trim() ?? '',
        actionsTaken: dto.actionsTaken?.trim() ?? '',
      },
      metadata,
      // The policy in force when the report was received governs its clock.
      rules: await this.rules.rulesFor(dto.incidentCommuneCode, provinceCode, dto.receivedAt),
    };
    // A new case: no stream to read, and its key is stored with its first events.
    return this.run(caseId, command, {
      expectedVersion: 0,
      idempotency,
      loaded: NEW_CASE,
      newSubjects: [caseSubject(caseId)],
    });
  }

  /**
   * Any step of the procedure on an existing case. The user must see the case (else 404) and act for the
   * commune the step belongs to (else 403), both decided before the version check, so a user who may not
   * act never learns from a 409 that the case changed; the decider judges role, order and content.
   */
  async step(
    user: AuthUser,
    caseId: string,
    step: StepCommand,
    expectedVersion: number | undefined,
    idempotency?: Idempotency,
  ): Promise<{ view: CaseView; replayed: boolean; appended: number }> {
    // The case as this instance last wrote it saves a read; if another instance (or user) has changed
    // it since, the append is refused and the step is decided again on the case as stored.
    const cached = this.recent.get(caseId);
    if (
      cached &&
      (expectedVersion === undefined || expectedVersion === cached.version) &&
      this.visible(user, cached.state)
    ) {
      try {
        return await this.stepOn(user, caseId, step, expectedVersion, idempotency, cached);
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
        this.recent.delete(caseId);
      }
    }
    return this.stepOn(user, caseId, step, expectedVersion, idempotency, await this.readable(user, caseId));
  }

  private async stepOn(
    user: AuthUser,
    caseId: string,
    step: StepCommand,
    expectedVersion: number | undefined,
    idempotency: Idempotency | undefined,
    current: Loaded<CaseState>,
  ): Promise<{ view: CaseView; replayed: boolean; appended: number }> {
    const state = current.state;
    const acting = STEP_RULES[step.type].unit === 'province' ? oversightUnits(user) : communeUnits(user);
    let target: string | null = null;
    try {
      target = this.authoriseStep(acting, step.type, state);
    } catch (err) {
      // A repeat of a request this user's key already carried out (the case has moved on since, e.g.
      // handed over) answers the first result, as every repeat does; the append below replays it.
      const replay = idempotency && (await this.store.findIdempotentResult(idempotency.key)) !== undefined;
      if (!replay) throw err;
    }
    const unit =
      target ??
      [state.ownerCommuneCode, state.incidentCommuneCode, state.residenceCommuneCode].find(
        (c) => c && acting.includes(c),
      ) ??
      null;
    const metadata = commandMetadata(user, unit);
    const extra = this.stepExtras(step, user);
    const command = {
      ...step,
      ...extra,
      metadata,
      rules: await this.rules.rulesFor(state.ownerCommuneCode!, state.ownerProvinceCode!, metadata.now),
    };
    return this.run(caseId, command, { expectedVersion, idempotency, loaded: current });
  }

  /**
   * The unit check of a step, as the decider makes it (same codes), but before the version check: the
   * commune the step belongs to (the carrying commune, or the one a pending transfer is addressed to)
   * must be one of the user's communes. Returns that commune; null when the step has none yet (no
   * transfer pending: the decider says so).
   */
  private authoriseStep(acting: string[], type: StepCommand['type'], state: CaseState): string | null {
    const rule = STEP_RULES[type];
    if (rule.unit === 'system' || rule.unit === 'incident') return null;
    if (rule.unit === 'province') {
      // An oversight role acting for the province of the carrying commune, or for the nation.
      const province = state.ownerProvinceCode;
      if (province && acting.includes(province)) return province;
      if (acting.includes(NATIONAL_UNIT)) return NATIONAL_UNIT;
      throw new DomainError(
        'CASE.NOT_CASE_PROVINCE',
        `The case is carried by a commune of province ${province}; only an officer acting for that province (or VN) can do this.`,
        'forbidden',
      );
    }
    const target = rule.unit === 'receiving' ? state.pendingTransfer?.toCommuneCode : state.ownerCommuneCode;
    if (!target) return null;
    if (!acting.includes(target)) {
      throw new DomainError(
        rule.unit === 'receiving' ? 'CASE.NOT_RECEIVING_COMMUNE' : 'CASE.NOT_OWNING_COMMUNE',
        rule.unit === 'receiving'
          ? `Only commune ${target}, to which the case is being transferred, can do this.`
          : `The case is carried by commune ${target}; only that commune can do this.`,
        'forbidden',
      );
    }
    return target;
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
    if (this.visible(user, loaded.state)) {
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
    const loaded = await this.readable(user, caseId, at);
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
      const communes = this.communesOf(readUnits);
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
    const loaded = await this.readable(user, caseId);
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
    if (!this.visible(user, loaded.state)) throw notFound(caseId);
    return this.store.verifyStream(streamId(caseId), undefined, opts);
  }

  /**
   * The deadline watcher's command: every open deadline of the case past due becomes one DeadlineMissed.
   * Returns the kinds reported (none when another instance got there first).
   */
  async markMissed(caseId: string, now = new Date()): Promise<string[]> {
    const loaded = await load(this.store, caseDecider, streamId(caseId));
    const state = loaded.state;
    if (!state.exists) return [];
    const metadata: CommandMetadata = {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'system:deadline-watcher', roles: ['system'], unit: state.ownerCommuneCode },
      now: now.toISOString(),
    };
    const handled = await this.run(
      caseId,
      {
        type: 'MarkDeadlinesMissed',
        metadata,
        rules: await this.rules.rulesFor(state.ownerCommuneCode!, state.ownerProvinceCode!, metadata.now),
      },
      { expectedVersion: loaded.version, loaded },
    );
    return handled.view.deadlines.filter((d) => d.missedAt === metadata.now).map((d) => d.kind);
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

  /** Loads a case the user may see. Out-of-jurisdiction answers the same as a missing case. */
  private async readable(user: AuthUser, caseId: string, at?: string) {
    const loaded = await load(this.store, caseDecider, streamId(caseId), { recordedAtOrBefore: at });
    if (!this.visible(user, loaded.state)) throw notFound(caseId, at);
    return loaded;
  }

  /**
   * Incident, residence or carrying commune, or the commune a transfer is addressed to, within the units
   * the user reads for (`caseReadUnits`: a commune role's communes only; an oversight role's units).
   */
  private visible(user: AuthUser, s: CaseState): boolean {
    const units = caseReadUnits(user);
    const communes = [
      s.ownerCommuneCode,
      s.incidentCommuneCode,
      s.residenceCommuneCode,
      s.pendingTransfer?.toCommuneCode,
    ];
    return s.exists && units.length > 0 && communes.some((c) => c && this.units.covers(units, c));
  }

  /** The communes a set of units covers (a province: all of its communes), for the list's query. */
  private communesOf(units: string[]): string[] {
    const out = new Set<string>();
    for (const u of units) {
      if (/^\d{5}$/.test(u)) out.add(u);
      else if (/^\d{2}$/.test(u)) for (const c of this.provinceCommunes().get(u) ?? []) out.add(c);
    }
    return [...out];
  }

  private byProvince?: Map<string, string[]>;
  private provinceCommunes(): Map<string, string[]> {
    if (!this.byProvince) {
      this.byProvince = new Map();
      for (const c of this.units.communes) {
        if (c.parent) this.byProvince.set(c.parent, [...(this.byProvince.get(c.parent) ?? []), c.code]);
      }
    }
    return this.byProvince;
  }

  /** What the service adds to a step: server-side ids and the province of a commune named in it. */
  private stepExtras(step: StepCommand, user: AuthUser): Record<string, unknown> {
    switch (step.type) {
      case 'RequestErasure':
        return { requestId: randomUUID() };
      case 'ApproveErasure':
        // Every unit of the token: the decider refuses an approver who also acts for the commune.
        return { erasureId: randomUUID(), actorUnits: [...user.units] };
      case 'PlaceLegalHold':
        return { holdId: randomUUID() };
      case 'RecordResidence':
        return { provinceCode: this.requireCommune(step.communeCode, 'communeCode') };
      case 'RequestTransfer':
        return { toProvinceCode: this.requireCommune(step.toCommuneCode, 'toCommuneCode') };
      case 'DecideSeparation':
        return { separationId: step.separationId || randomUUID() };
      case 'RecordService':
        return { serviceId: step.serviceId || randomUUID() };
      case 'DraftPlan':
        return { items: step.items.map((i) => ({ ...i, itemId: i.itemId || randomUUID() })) };
      default:
        return {};
    }
  }

  private async run(
    caseId: string,
    command: CaseCommand,
    opts: {
      expectedVersion?: number;
      idempotency?: Idempotency;
      sql?: Sql;
      loaded?: Loaded<CaseState>;
      referredBy?: string | null;
      newSubjects?: string[];
    },
  ): Promise<{ view: CaseView; replayed: boolean; appended: number }> {
    const { referredBy = null, ...handleOpts } = opts;
    // One statement writes the events, their outbox messages, the idempotency key and the case index.
    const handled = await handleCommand(this.store, caseDecider, streamId(caseId), command, {
      streamType: CASE_STREAM,
      ...handleOpts,
      // The record's own id: a replay of an opening answers the case first opened.
      result: (state, version) => toView(state.caseId ?? caseId, state, version, command.metadata.now),
      toOutbox: (events, state, version) => caseMessages(caseId, events, state, version, command.metadata),
      alongside: (state, version) =>
        caseIndexUpsert(caseId, state, version, command.metadata.now, true, referredBy),
    });
    // Only what this instance committed on its own (a consumer's transaction may still roll back), and
    // not a case whose personal data was just erased: this state still holds the texts in memory.
    const erased = handled.events.some((e) => e.type === 'PersonalDataErased');
    if (!opts.sql && !handled.replayed && handled.headHash && !erased) {
      this.recent.set(caseId, {
        state: handled.state,
        version: handled.version,
        headHash: handled.headHash,
        events: [],
      });
    }
    return { view: handled.result, replayed: handled.replayed, appended: handled.events.length };
  }

  /** A referral from the hotline opens exactly one case: the case id is derived from the referral id. */
  private async onIntakeEvent(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    if (env.type === 'ReportLinkedToCase') return this.onReportLinked(env, sql);
    if (env.type !== 'ReportReferred') return;
    const d = env.data as ReportReferredV1;
    const caseId = caseIdOfReferral(d.referralId);
    const provinceCode = this.units.provinceOf(d.communeCode) ?? d.provinceCode;
    const metadata = commandMetadataFromEvent(
      env,
      { id: 'system:casework', roles: ['system'], unit: d.communeCode },
      new Date().toISOString(),
    );
    const residence =
      d.residenceCommuneCode && this.units.commune(d.residenceCommuneCode) ? d.residenceCommuneCode : null;
    // The child's identity, sealed by intake for casework alone: opened here, sealed again under the
    // case's key by the append (CASE_TEXT_FIELDS). A referral that does not open is dead-lettered.
    const rules = await this.rules.rulesFor(d.communeCode, provinceCode, d.receivedAt);
    const brought = d.identity ? openReferralIdentity(this.identityKeys, d.referralId, d.identity) : null;
    const identity: CaseIdentity | null = brought
      ? { children: brought.children, reporter: brought.reporter }
      : null;
    const opened = this.run(
      caseId,
      {
        type: 'OpenCase',
        caseId,
        source: { kind: 'hotline_referral', contactId: d.contactId, referralId: d.referralId },
        incidentCommuneCode: d.communeCode,
        provinceCode,
        // The hotline records where the child lives when it is not where it happened (Law Art. 52.2).
        residenceCommuneCode: residence,
        residenceProvinceCode: residence ? (this.units.provinceOf(residence) ?? null) : null,
        receivedAt: d.receivedAt,
        urgent: d.urgent,
        concerns: d.concerns,
        category: d.category ?? null,
        setting: d.setting ?? null,
        children: d.children.length
          ? d.children
          : [{ childRef: `${d.referralId}-unknown`, sex: 'unknown', ageYears: null }],
        identity,
        metadata: { ...metadata, now: maxIso(metadata.now, d.receivedAt) },
        rules,
      },
      // Who referred it (the counsellor acting in intake), for `own-referrals`: kept in the case index.
      // The case does not exist yet, so nothing is read: if an earlier delivery of the referral (under
      // another event id) opened it, the append's guard refuses and there is nothing more to do.
      {
        expectedVersion: 0,
        sql,
        referredBy: env.actor?.id ?? null,
        loaded: NEW_CASE,
        newSubjects: [caseSubject(caseId)],
      },
    );
    const done = await opened.then(
      () => true,
      (err: unknown) => {
        if (!(err instanceof ConcurrencyError)) throw err;
        return false;
      },
    );
    // The hotline's notice to the police travels with the referral into the case (Criminal Procedure
    // Code Art. 25.3): recorded on the case as the step the commune would otherwise record.
    if (done && brought?.police) {
      await this.run(
        caseId,
        {
          type: 'NotifyPolice',
          notifiedAt: d.referredAt,
          policeUnit: brought.police.unit,
          reference: brought.police.reference,
          metadata: { ...metadata, now: maxIso(metadata.now, d.receivedAt), commandId: randomUUID() },
          rules,
        },
        { sql },
      );
    }
  }

  /** A repeat report the hotline linked to an existing case: new information on it, not a second case. */
  private async onReportLinked(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    const d = env.data as ReportLinkedToCaseV1;
    const loaded = await load(this.store, caseDecider, streamId(d.caseId), { sql });
    if (!loaded.state.exists) {
      throw new DomainError(
        'CASE.NOT_FOUND',
        `The hotline linked a report to case ${d.caseId}, which does not exist.`,
        'not_found',
      );
    }
    const s = loaded.state;
    const metadata = commandMetadataFromEvent(
      env,
      { id: 'system:casework', roles: ['system'], unit: s.ownerCommuneCode },
      new Date().toISOString(),
    );
    await this.run(
      d.caseId,
      {
        type: 'AddReport',
        contactId: d.contactId,
        receivedAt: d.receivedAt,
        urgent: d.urgent,
        concerns: d.concerns,
        children: d.children,
        metadata,
        rules: await this.rules.rulesFor(s.ownerCommuneCode!, s.ownerProvinceCode!, metadata.now),
      },
      { sql, loaded },
    );
  }

  private requireCommune(code: string, field: string): string {
    const province = this.units.provinceOf(code);
    if (!province) {
      throw new DomainError(
        'CASE.UNKNOWN_COMMUNE',
        `${field}: ${code} is not a commune of the 2025 list.`,
        'invalid',
        {
          field,
          suggestions: this.units.suggest(code).map((c) => ({ code: c.code, name: c.name })),
        },
      );
    }
    return province;
  }
}

/** The units a user acts for in an oversight role (a province, VN): who may do a `province` step. */
function oversightUnits(user: AuthUser): string[] {
  return hasAnyRole(user, OVERSIGHT_ROLES) ? user.units.filter((u) => !/^\d{5}$/.test(u)) : [];
}

function withoutIdentity(type: string, data: unknown): unknown {
  if (type !== 'CaseOpened' || !data || typeof data !== 'object' || !('identity' in data)) return data;
  const { identity, ...rest } = data as Record<string, unknown>;
  return { ...rest, identityRecorded: identity != null };
}

function notFound(caseId: string, at?: string): DomainError {
  return new DomainError(
    'CASE.NOT_FOUND',
    `No case ${caseId} that you can see${at ? ` at ${at}` : ''}.`,
    'not_found',
  );
}

/** A small LRU of streams as last written: state, version and head hash. */
class RecentStreams<S> {
  private readonly entries = new Map<string, Loaded<S>>();
  constructor(private readonly capacity: number) {}

  get(id: string): Loaded<S> | undefined {
    const e = this.entries.get(id);
    if (e) {
      this.entries.delete(id);
      this.entries.set(id, e);
    }
    return e;
  }

  set(id: string, e: Loaded<S>): void {
    this.entries.delete(id);
    this.entries.set(id, e);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}

function maxIso(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
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
