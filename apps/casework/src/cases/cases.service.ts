import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import {
  DomainError,
  TOPICS,
  type CaseOpenedV1,
  type CaseWorkerAssignedV1,
  type CommandMetadata,
  type IntegrationEnvelope,
  type ReportReferredV1,
} from '@cp/contracts';
import {
  EventStore,
  handleCommand,
  load,
  type OutboxMessage,
  type Sql,
  type StoredEvent,
  type Idempotency,
} from '@cp/event-store';
import {
  MessagingLifecycle,
  commandMetadata,
  commandMetadataFromEvent,
  integrationMessage,
  uuidFromName,
} from '@cp/platform';
import { caseDecider, type CaseState } from './domain/case';
import type { CaseCommand } from './domain/case.commands';
import type { CaseEvent } from './domain/case.events';
import { NATIONAL_DEFAULT_POLICY } from './domain/deadline-policy';
import type { OpenCaseDto } from './cases.dto';

export const CASE_STREAM = 'case';
const streamId = (caseId: string) => `case-${caseId}`;
/** Namespace for case ids derived from referral ids: one referral can only ever open one case. */
const REFERRAL_NAMESPACE = 'cp.casework.case-from-referral';

export interface CaseView {
  id: string;
  version: number;
  status: CaseState['status'];
  level: CaseState['level'];
  source: CaseOpenedV1['source'];
  incidentCommuneCode: string;
  residenceCommuneCode: string | null;
  provinceCode: string;
  receivedAt: string;
  openedAt: string;
  urgent: boolean;
  concerns: string[];
  children: Array<{ childRef: string; sex: string; ageYears: number | null }>;
  assignedWorkerId: string | null;
  deadlines: Array<CaseOpenedV1['deadlines'][number] & { met: boolean | null; overdue: boolean }>;
}

@Injectable()
export class CasesService implements OnModuleInit {
  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
    private readonly messaging: MessagingLifecycle,
  ) {}

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.caseworkCases);
    this.messaging.consume('referrals', [TOPICS.intakeContacts], (env, ctx) =>
      this.onIntakeEvent(env, ctx.sql),
    );
  }

  async openDirect(
    user: AuthUser,
    dto: OpenCaseDto,
    idempotency?: Idempotency,
  ): Promise<{ view: CaseView; replayed: boolean }> {
    const provinceCode = this.requireCommune(dto.incidentCommuneCode, 'incidentCommuneCode');
    if (dto.residenceCommuneCode) this.requireCommune(dto.residenceCommuneCode, 'residenceCommuneCode');
    if (!this.units.covers(user.units, dto.incidentCommuneCode)) {
      throw new DomainError(
        'CASE.OUT_OF_JURISDICTION',
        `You do not act for commune ${dto.incidentCommuneCode}.`,
        'forbidden',
      );
    }
    const caseId = randomUUID();
    const command: CaseCommand = {
      type: 'OpenCase',
      caseId,
      source: { kind: 'commune_direct' },
      incidentCommuneCode: dto.incidentCommuneCode,
      provinceCode,
      residenceCommuneCode: dto.residenceCommuneCode ?? null,
      receivedAt: new Date(dto.receivedAt).toISOString(),
      urgent: dto.urgent ?? false,
      concerns: [...new Set(dto.concerns)],
      children: dto.children.map((c) => ({
        childRef: randomUUID(),
        sex: c.sex,
        ageYears: c.ageYears ?? null,
      })),
      policy: NATIONAL_DEFAULT_POLICY,
      metadata: commandMetadata(user, dto.incidentCommuneCode),
    };
    return this.run(caseId, command, { expectedVersion: 0, idempotency });
  }

  async assign(
    user: AuthUser,
    caseId: string,
    workerId: string,
    expectedVersion: number | undefined,
    idempotency?: Idempotency,
  ): Promise<{ view: CaseView; replayed: boolean }> {
    const current = await this.readable(user, caseId);
    const command: CaseCommand = {
      type: 'AssignWorker',
      workerId,
      metadata: commandMetadata(user, current.state.opened!.incidentCommuneCode),
    };
    return this.run(caseId, command, { expectedVersion, idempotency });
  }

  async get(user: AuthUser, caseId: string, at?: string): Promise<CaseView> {
    const loaded = await this.readable(user, caseId, at);
    return toView(caseId, loaded.state, loaded.version, at ?? new Date().toISOString());
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
      data: e.data,
      hash: e.hash,
    }));
  }

  async integrity(user: AuthUser, caseId: string) {
    await this.readable(user, caseId);
    return this.store.verifyStream(streamId(caseId));
  }

  /** Loads a case the user may see. Out-of-jurisdiction answers the same as a missing case. */
  private async readable(user: AuthUser, caseId: string, at?: string) {
    const loaded = await load(this.store, caseDecider, streamId(caseId), { recordedAtOrBefore: at });
    const opened = loaded.state.opened;
    const visible =
      opened &&
      (this.units.covers(user.units, opened.incidentCommuneCode) ||
        (opened.residenceCommuneCode !== null && this.units.covers(user.units, opened.residenceCommuneCode)));
    if (!visible) {
      throw new DomainError(
        'CASE.NOT_FOUND',
        `No case ${caseId} that you can see${at ? ` at ${at}` : ''}.`,
        'not_found',
      );
    }
    return loaded;
  }

  private async run(
    caseId: string,
    command: CaseCommand,
    opts: { expectedVersion?: number; idempotency?: Idempotency; sql?: Sql },
  ): Promise<{ view: CaseView; replayed: boolean }> {
    const handled = await handleCommand(this.store, caseDecider, streamId(caseId), command, {
      streamType: CASE_STREAM,
      ...opts,
      result: (state, version) => toView(caseId, state, version, command.metadata.now),
      toOutbox: (events, state, version) => caseMessages(caseId, events, state, version, command.metadata),
    });
    return { view: handled.result, replayed: handled.replayed };
  }

  /** A referral from the hotline opens exactly one case: the case id is derived from the referral id. */
  private async onIntakeEvent(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    if (env.type !== 'ReportReferred') return;
    const d = env.data as ReportReferredV1;
    const caseId = uuidFromName(REFERRAL_NAMESPACE, d.referralId);
    const provinceCode = this.units.provinceOf(d.communeCode) ?? d.provinceCode;
    const metadata = commandMetadataFromEvent(
      env,
      { id: 'system:casework', roles: ['system'], unit: d.communeCode },
      new Date().toISOString(),
    );
    const existing = await this.store.streamVersion(streamId(caseId), sql);
    if (existing > 0) return; // already opened by an earlier delivery
    await this.run(
      caseId,
      {
        type: 'OpenCase',
        caseId,
        source: { kind: 'hotline_referral', contactId: d.contactId, referralId: d.referralId },
        incidentCommuneCode: d.communeCode,
        provinceCode,
        residenceCommuneCode: null,
        receivedAt: d.receivedAt,
        urgent: d.urgent,
        concerns: d.concerns,
        children: d.children.length
          ? d.children
          : [{ childRef: `${d.referralId}-unknown`, sex: 'unknown', ageYears: null }],
        policy: NATIONAL_DEFAULT_POLICY,
        metadata: { ...metadata, now: maxIso(metadata.now, d.receivedAt) },
      },
      { expectedVersion: 0, sql },
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

function maxIso(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function caseMessages(
  caseId: string,
  events: Array<CaseEvent & { eventId: string; occurredAt: string }>,
  state: CaseState,
  version: number,
  meta: CommandMetadata,
): OutboxMessage[] {
  const opened = state.opened!;
  const contactId = opened.source.kind === 'hotline_referral' ? opened.source.contactId : null;
  return events.map((e, i) => {
    const common = {
      topic: TOPICS.caseworkCases,
      producer: 'casework' as const,
      event: e,
      aggregateId: caseId,
      aggregateVersion: version - events.length + i + 1,
      metadata: meta,
    };
    if (e.type === 'CaseOpened') {
      const data: CaseOpenedV1 = {
        caseId,
        source: e.data.source,
        communeCode: e.data.incidentCommuneCode,
        provinceCode: e.data.provinceCode,
        status: 'received',
        level: null,
        receivedAt: e.data.receivedAt,
        openedAt: e.data.openedAt,
        children: e.data.children,
        concerns: e.data.concerns,
        urgent: e.data.urgent,
        deadlines: e.data.deadlines,
      };
      return integrationMessage({ ...common, type: 'CaseOpened', data });
    }
    const data: CaseWorkerAssignedV1 = {
      caseId,
      contactId,
      status: 'assessing',
      workerId: e.data.workerId,
      assignedAt: e.data.assignedAt,
    };
    return integrationMessage({ ...common, type: 'CaseWorkerAssigned', data });
  });
}

function toView(id: string, state: CaseState, version: number, asOf: string): CaseView {
  const o = state.opened!;
  return {
    id,
    version,
    status: state.status,
    level: state.level,
    source: o.source,
    incidentCommuneCode: o.incidentCommuneCode,
    residenceCommuneCode: o.residenceCommuneCode,
    provinceCode: o.provinceCode,
    receivedAt: o.receivedAt,
    openedAt: o.openedAt,
    urgent: o.urgent,
    concerns: o.concerns,
    children: o.children,
    assignedWorkerId: state.assignedWorkerId,
    // The initial assessment is recorded in the Decree 56 procedure issue; until then it is unmet.
    deadlines: state.deadlines.map((d) => ({
      ...d,
      met: null,
      overdue: Date.parse(d.dueAt) < Date.parse(asOf),
    })),
  };
}
