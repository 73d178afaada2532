import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminUnits, NATIONAL_UNIT } from '@cp/admin-units';
import { OVERSIGHT_ROLES, communeUnits, hasAnyRole, type AuthUser } from '@cp/auth';
import { DomainError, type CommandMetadata } from '@cp/contracts';
import {
  ConcurrencyError,
  EventStore,
  handleCommand,
  load,
  type Loaded,
  type Idempotency,
  type Sql,
} from '@cp/event-store';
import { commandMetadata } from '@cp/platform';
import { caseDecider, type CaseState } from '../domain/case.decider';
import { caseSubject } from '../domain/case.personal-data';
import type { CaseCommand } from '../domain/case.commands';
import { STEP_RULES } from '../domain/case.permissions';
import { caseMessages } from '../integration/case-messages';
import { caseIndexUpsert } from '../read/case-index';
import { CaseAccess } from '../read/case-access';
import { toView, type CaseView } from '../read/case-view';
import type { OpenCaseDto } from '../stages/report-and-verification/report-and-verification.dto';
import {
  CASE_STREAM,
  NEW_CASE,
  RecentStreams,
  streamId,
  type Handled,
  type StepCommand,
} from './case-stream';
import { DEADLINE_RULES, type DeadlineRulesSource } from './deadline-rules';

/**
 * The write path: a command on a case is loaded, decided, appended with its outbox messages, its
 * idempotency key and its index row in one statement (docs/event-sourcing.md).
 */
@Injectable()
export class CaseWriter {
  /** The cases this instance changed last, as it left them (a hint, always checked by the append). */
  private readonly recent = new RecentStreams<CaseState>(5000);

  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
    private readonly access: CaseAccess,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRulesSource,
  ) {}

  async openDirect(user: AuthUser, dto: OpenCaseDto, idempotency?: Idempotency): Promise<Handled<CaseView>> {
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
  ): Promise<Handled<CaseView>> {
    // The case as this instance last wrote it saves a read; if another instance (or user) has changed
    // it since, the append is refused and the step is decided again on the case as stored.
    const cached = this.recent.get(caseId);
    if (
      cached &&
      (expectedVersion === undefined || expectedVersion === cached.version) &&
      this.access.visible(user, cached.state)
    ) {
      try {
        return await this.stepOn(user, caseId, step, expectedVersion, idempotency, cached);
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
        this.recent.delete(caseId);
      }
    }
    return this.stepOn(
      user,
      caseId,
      step,
      expectedVersion,
      idempotency,
      await this.access.readable(user, caseId),
    );
  }

  private async stepOn(
    user: AuthUser,
    caseId: string,
    step: StepCommand,
    expectedVersion: number | undefined,
    idempotency: Idempotency | undefined,
    current: Loaded<CaseState>,
  ): Promise<Handled<CaseView>> {
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

  async run(
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
  ): Promise<Handled<CaseView>> {
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
