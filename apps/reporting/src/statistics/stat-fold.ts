import {
  ABUSE_FORMS,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type ContactClosedV1,
  type DeadlineV1,
  type IntegrationEnvelope,
  type ReportReferredV1,
} from '@cp/contracts';

/**
 * The facts statistics count, derived from integration events (no names: codes, ages, sexes, ids).
 * A fact is one thing that happened to one subject at one time; an indicator (kept as data, see
 * indicators.ts) picks facts and counts subjects or facts.
 */
export type FactKind =
  | 'child_reported'
  | 'emergency_measure'
  | 'separation'
  | 'plan_approved'
  | 'plan_ended'
  | 'service_delivered'
  | 'level_decided'
  | 'deadline_met'
  | 'deadline_missed'
  | 'case_closed'
  | 'contact'
  | 'referral';

export interface Fact {
  eventId: string;
  seq: number;
  fact: FactKind;
  /** The child (`<caseId>:<childRef>`), or null for facts about a contact or a case as a whole. */
  childKey: string | null;
  caseId: string | null;
  contactId: string | null;
  /** When it happened in the world (report received, step done, deadline met): what a period selects. */
  occurredAt: string;
  /** When the source recorded it: what "as known at" selects. */
  recordedAt: string;
  communeCode: string | null;
  provinceCode: string | null;
  sex: string | null;
  ageYears: number | null;
  setting: string | null;
  form: string | null;
  category: string | null;
  abused: boolean | null;
  level: string | null;
  channel: string | null;
  purpose: string | null;
  issue: string | null;
  deadlineKind: string | null;
  outcome: string | null;
}

export interface StatChild {
  ref: string;
  sex: string;
  ageYears: number | null;
  special: string[];
}

/** What statistics remember of a case between its events. */
export interface StatCase {
  caseId: string;
  version: number;
  communeCode: string;
  provinceCode: string;
  level: string | null;
  status: string;
  category: string | null;
  setting: string | null;
  forms: string[];
  abused: boolean;
  children: StatChild[];
  /** Deadline id → last status seen, to turn status changes into met / missed facts once. */
  deadlines: Record<string, string>;
  /** Closed as a duplicate of another case: its children are counted there, not here. */
  merged: boolean;
}

/** Maps a commune code as written at a given time to today's commune (pre-2025 codes through the legacy table). */
export type CommuneResolver = (
  code: string | null | undefined,
  at: string,
) => { commune: string; province: string } | null;

const ABUSE = new Set<string>(ABUSE_FORMS);

export function isAbused(category: string | null | undefined, concerns: readonly string[]): boolean {
  return category === 'abused' || concerns.some((c) => ABUSE.has(c));
}

/** The first form of abuse recorded is the one a child is counted under in the "form" disaggregation. */
export function primaryForm(concerns: readonly string[]): string | null {
  return concerns.find((c) => ABUSE.has(c)) ?? null;
}

const STEP_FACTS: Record<string, FactKind> = {
  EmergencyMeasuresTaken: 'emergency_measure',
  TemporarySeparationDecided: 'separation',
  PlanApproved: 'plan_approved',
  PlanEnded: 'plan_ended',
  ServiceDelivered: 'service_delivered',
  InitialAssessmentRecorded: 'level_decided',
  ProtectionLevelChanged: 'level_decided',
};

export interface FoldResult {
  facts: Fact[];
  /** The case state to store (undefined: nothing changed). */
  caseState?: StatCase;
  /** The case was merged into another as a duplicate (its child facts stop counting from `at`), or reopened. */
  exclusion?: { caseId: string; from: string | null };
}

/**
 * Turns one event into facts. Pure: the case state comes in and goes out. Events already folded
 * (a version not newer than the state's) give nothing, so redelivery and replays count nothing twice.
 */
export function foldEvent(
  env: IntegrationEnvelope,
  state: StatCase | undefined,
  resolve: CommuneResolver,
): FoldResult {
  if (env.producer === 'intake') return foldIntake(env, resolve);
  if (env.producer !== 'casework') return { facts: [] };
  if (state && env.aggregateVersion <= state.version) return { facts: [] };
  if (env.type === 'CaseOpened')
    return foldOpened(env as IntegrationEnvelope<'CaseOpened', CaseOpenedV1>, resolve);
  if (!state) return { facts: [] }; // a step of a case whose opening is unknown here (should not happen)
  return foldStep(env as IntegrationEnvelope<string, CaseUpdatedV1>, state, resolve);
}

function base(env: IntegrationEnvelope, seq: number, fact: FactKind, occurredAt: string): Fact {
  return {
    eventId: env.eventId,
    seq,
    fact,
    childKey: null,
    caseId: null,
    contactId: null,
    occurredAt,
    recordedAt: env.occurredAt,
    communeCode: null,
    provinceCode: null,
    sex: null,
    ageYears: null,
    setting: null,
    form: null,
    category: null,
    abused: null,
    level: null,
    channel: null,
    purpose: null,
    issue: null,
    deadlineKind: null,
    outcome: null,
  };
}

function childFact(
  env: IntegrationEnvelope,
  seq: number,
  fact: FactKind,
  at: string,
  c: StatCase,
  child: StatChild,
): Fact {
  return {
    ...base(env, seq, fact, at),
    childKey: `${c.caseId}:${child.ref}`,
    caseId: c.caseId,
    communeCode: c.communeCode,
    provinceCode: c.provinceCode,
    sex: child.sex,
    ageYears: child.ageYears,
    setting: c.setting ?? 'unknown',
    form: primaryForm(c.forms),
    category: c.category,
    abused: c.abused,
    level: c.level,
  };
}

function foldOpened(
  env: IntegrationEnvelope<'CaseOpened', CaseOpenedV1>,
  resolve: CommuneResolver,
): FoldResult {
  const d = env.data;
  const where = resolve(d.communeCode, d.receivedAt) ?? { commune: d.communeCode, province: d.provinceCode };
  const state: StatCase = {
    caseId: d.caseId,
    version: env.aggregateVersion,
    communeCode: where.commune,
    provinceCode: where.province,
    level: d.level,
    status: d.status,
    category: d.category ?? null,
    setting: d.setting ?? null,
    forms: d.concerns.filter((c) => ABUSE.has(c)),
    abused: isAbused(d.category, d.concerns),
    children: d.children.map((c) => ({
      ref: c.childRef,
      sex: c.sex,
      ageYears: c.ageYears,
      special: c.specialCircumstances ?? [],
    })),
    deadlines: Object.fromEntries(d.deadlines.map((x) => [x.id, x.status])),
    merged: false,
  };
  const facts = state.children.map((ch, i) => childFact(env, i, 'child_reported', d.receivedAt, state, ch));
  return { facts, caseState: state };
}

function foldStep(
  env: IntegrationEnvelope<string, CaseUpdatedV1>,
  prev: StatCase,
  resolve: CommuneResolver,
): FoldResult {
  const d = env.data;
  const where = resolve(d.communeCode, d.at) ?? { commune: d.communeCode, province: d.provinceCode };
  const details = d.details ?? {};
  const state: StatCase = {
    ...prev,
    version: env.aggregateVersion,
    communeCode: where.commune,
    provinceCode: where.province,
    level: d.level,
    status: d.status,
    deadlines: { ...prev.deadlines },
  };
  const facts: Fact[] = [];
  let seq = 0;
  if (env.type === 'ReportAdded') {
    const concerns = Array.isArray(details.concerns) ? (details.concerns as string[]) : [];
    state.forms = [...new Set([...state.forms, ...concerns.filter((c) => ABUSE.has(c))])];
    state.abused = state.abused || isAbused(null, concerns);
    const known = new Set(state.children.map((c) => c.ref));
    const added = (Array.isArray(details.children) ? details.children : []) as Array<{
      childRef: string;
      sex: string;
      ageYears: number | null;
      specialCircumstances?: string[];
    }>;
    const receivedAt = typeof details.receivedAt === 'string' ? details.receivedAt : d.at;
    state.children = [...state.children];
    for (const c of added) {
      if (known.has(c.childRef)) continue;
      const child = {
        ref: c.childRef,
        sex: c.sex,
        ageYears: c.ageYears,
        special: c.specialCircumstances ?? [],
      };
      state.children.push(child);
      facts.push(childFact(env, seq++, 'child_reported', receivedAt, state, child));
    }
  }
  const stepFact = STEP_FACTS[env.type];
  if (stepFact) {
    const at = declaredTime(details) ?? d.at;
    for (const child of state.children) {
      const f = childFact(env, seq++, stepFact, at, state, child);
      if (stepFact === 'level_decided')
        f.outcome = d.level ?? (typeof details.outcome === 'string' ? details.outcome : null);
      facts.push(f);
    }
  }
  if (env.type === 'CaseClosed') {
    const f = {
      ...base(env, seq++, 'case_closed', d.at),
      caseId: d.caseId,
      communeCode: state.communeCode,
      provinceCode: state.provinceCode,
      level: state.level,
      outcome: d.closureReason,
    };
    facts.push(f);
  }
  for (const dl of d.deadlines ?? []) facts.push(...deadlineFacts(env, () => seq++, prev, state, dl));
  for (const dl of d.deadlines ?? []) state.deadlines[dl.id] = dl.status;

  let exclusion: FoldResult['exclusion'];
  if (env.type === 'CaseClosed' && d.closureReason === 'duplicate_merged' && !prev.merged) {
    state.merged = true;
    exclusion = { caseId: d.caseId, from: env.occurredAt };
  } else if (env.type === 'CaseReopened' && prev.merged) {
    state.merged = false;
    exclusion = { caseId: d.caseId, from: null };
  }
  return { facts, caseState: state, exclusion };
}

/** A deadline that reaches met, met late or missed becomes one fact, the first time its status says so. */
function deadlineFacts(
  env: IntegrationEnvelope,
  nextSeq: () => number,
  prev: StatCase,
  state: StatCase,
  dl: DeadlineV1,
): Fact[] {
  const before = prev.deadlines[dl.id];
  if (before === dl.status) return [];
  const one = (fact: FactKind, at: string, outcome: string): Fact => ({
    ...base(env, nextSeq(), fact, at),
    caseId: state.caseId,
    communeCode: state.communeCode,
    provinceCode: state.provinceCode,
    level: state.level,
    deadlineKind: dl.kind,
    outcome,
  });
  const out: Fact[] = [];
  if (
    dl.status === 'missed' ||
    (dl.missedAt && before !== 'missed' && (dl.status === 'met_late' || dl.status === 'lapsed'))
  ) {
    out.push(one('deadline_missed', dl.missedAt ?? dl.dueAt, 'missed'));
  }
  if ((dl.status === 'met' || dl.status === 'met_late') && before !== 'met' && before !== 'met_late') {
    out.push(one('deadline_met', dl.metAt ?? env.occurredAt, dl.status === 'met' ? 'on_time' : 'late'));
  }
  return out;
}

function declaredTime(details: Record<string, unknown>): string | null {
  for (const k of [
    'decidedAt',
    'startsAt',
    'takenAt',
    'approvedAt',
    'endedAt',
    'deliveredAt',
    'assessedAt',
    'changedAt',
  ]) {
    const v = details[k];
    if (typeof v === 'string') return v;
  }
  return null;
}

function foldIntake(env: IntegrationEnvelope, resolve: CommuneResolver): FoldResult {
  if (env.type === 'ReportReferred') {
    const d = env.data as ReportReferredV1;
    const where = resolve(d.communeCode, d.receivedAt) ?? {
      commune: d.communeCode,
      province: d.provinceCode,
    };
    const common = {
      contactId: d.contactId,
      communeCode: where.commune,
      provinceCode: where.province,
      channel: d.channel,
      purpose: 'report',
      issue: d.concerns[0] ?? null,
      abused: isAbused(d.category, d.concerns),
      category: d.category ?? null,
      setting: d.setting ?? null,
    };
    return {
      facts: [
        { ...base(env, 0, 'referral', d.referredAt), ...common },
        { ...base(env, 1, 'contact', d.receivedAt), ...common },
      ],
    };
  }
  if (env.type === 'ContactClosed') {
    const d = env.data as ContactClosedV1;
    return {
      facts: [
        {
          ...base(env, 0, 'contact', d.receivedAt),
          contactId: d.contactId,
          channel: d.channel,
          purpose: d.purpose,
          issue: d.concerns[0] ?? null,
          outcome: d.outcome,
          abused: isAbused(null, d.concerns),
        },
      ],
    };
  }
  return { facts: [] };
}
