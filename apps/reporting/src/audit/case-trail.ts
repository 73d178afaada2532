import type {
  CaseOpenedV1,
  CaseStatus,
  CaseUpdatedV1,
  ClosureReason,
  DeadlineStatus,
  DeadlineV1,
  ProtectionLevel,
} from '@cp/contracts';
import { stepName, type StepName } from './step-names';

// Pure functions of the audit trail: where a case stood after each step (from the event-carried state of
// the casework events), what changed from one step to the next, and which deadlines a step met or missed.
// No I/O: the queries hand in rows of rm_events / rm_access.

/** Where a case stands after a step: the state every casework event carries. */
export interface CaseState {
  status: CaseStatus;
  level: ProtectionLevel | null;
  /** The commune that carries the case. */
  carryingCommuneCode: string;
  provinceCode: string;
  incidentCommuneCode: string;
  residenceCommuneCode: string | null;
  assignedWorkerId: string | null;
  closureReason: ClosureReason | null;
}

export interface CaseSnapshot extends CaseState {
  deadlines: DeadlineV1[];
}

export interface Change<T> {
  from: T;
  to: T;
}

export interface DeadlineChange {
  id: string;
  kind: string;
  dueAt: string;
  /** null: the deadline did not exist before this step (it was opened by it). */
  from: DeadlineStatus | null;
  /** null: the deadline is no longer on the case. */
  to: DeadlineStatus | null;
  /** Set when the step moved the due time (e.g. a separation extended). */
  previousDueAt?: string;
}

/** What a step changed compared with the case's previous event. Only the keys that changed are present. */
export interface CaseChanges {
  status?: Change<CaseStatus | null>;
  level?: Change<ProtectionLevel | null>;
  carryingCommuneCode?: Change<string | null>;
  residenceCommuneCode?: Change<string | null>;
  assignedWorkerId?: Change<string | null>;
  closureReason?: Change<ClosureReason | null>;
  deadlines?: DeadlineChange[];
}

export interface DeadlineMet {
  id: string;
  kind: string;
  dueAt: string;
  metAt: string | null;
  onTime: boolean;
  /** When the watcher had reported it missed, if it had. */
  missedAt: string | null;
}

export interface DeadlineMissedInfo {
  id: string;
  kind: string;
  dueAt: string;
  detectedAt: string | null;
}

/** A casework event as the trail needs it (a row of rm_events). */
export interface CaseEventInput {
  eventId: string;
  version: number;
  type: string;
  occurredAt: string;
  actor: { id: string; roles: string[]; unit: string | null };
  data: unknown;
}

export interface TimelineStep {
  kind: 'event';
  eventId: string;
  version: number;
  type: string;
  step: StepName;
  at: string;
  actor: CaseEventInput['actor'];
  /** The case after this step. */
  state: CaseState | null;
  changes: CaseChanges;
  deadlinesMet: DeadlineMet[];
  deadlinesMissed: DeadlineMissedInfo[];
  details: Record<string, unknown>;
}

export interface AccessInput {
  accessId: string;
  at: string;
  actor: { id: string; roles: string[]; unit: string | null };
  recordKind: string;
  recordId: string;
  view: string;
  fields: string[];
  asAt: string | null;
}

export interface TimelineRead extends Omit<AccessInput, 'accessId'> {
  kind: 'access';
  accessId: string;
  what: string;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const isObject = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The case after an event, from its event-carried state (`CaseOpenedV1` for the first event,
 * `CaseUpdatedV1` for every later one). null when the payload carries no state (not a case event).
 */
export function snapshotOf(type: string, data: unknown): CaseSnapshot | null {
  if (!isObject(data) || typeof data.status !== 'string' || !str(data.communeCode)) return null;
  const deadlines = Array.isArray(data.deadlines) ? (data.deadlines as DeadlineV1[]) : [];
  const d = data as unknown as CaseOpenedV1;
  // The opening event names no incident commune apart from the carrying one, no worker and no closure.
  const later = type === 'CaseOpened' ? null : (data as unknown as CaseUpdatedV1);
  return {
    status: d.status,
    level: d.level ?? null,
    carryingCommuneCode: d.communeCode,
    provinceCode: d.provinceCode,
    incidentCommuneCode: later?.incidentCommuneCode ?? d.communeCode,
    residenceCommuneCode: d.residenceCommuneCode ?? null,
    assignedWorkerId: later?.assignedWorkerId ?? null,
    closureReason: later?.closureReason ?? null,
    deadlines,
  };
}

export function stateOf(s: CaseSnapshot): CaseState {
  const { deadlines: _deadlines, ...state } = s;
  return state;
}

const TRACKED = [
  'status',
  'level',
  'carryingCommuneCode',
  'residenceCommuneCode',
  'assignedWorkerId',
  'closureReason',
] as const;

/** What changed from `prev` (null: nothing before, the case was opened) to `next`. */
export function diffCase(prev: CaseSnapshot | null, next: CaseSnapshot): CaseChanges {
  const out: CaseChanges = {};
  for (const k of TRACKED) {
    const from = prev ? prev[k] : null;
    const to = next[k];
    if (from !== to) (out as Record<string, Change<unknown>>)[k] = { from, to };
  }
  const deadlines = diffDeadlines(prev?.deadlines ?? [], next.deadlines);
  if (deadlines.length) out.deadlines = deadlines;
  return out;
}

/** Deadlines opened, closed, moved or whose status changed, in the order of the later list. */
export function diffDeadlines(prev: DeadlineV1[], next: DeadlineV1[]): DeadlineChange[] {
  const before = new Map(prev.map((d) => [d.id, d]));
  const out: DeadlineChange[] = [];
  for (const d of next) {
    const p = before.get(d.id);
    before.delete(d.id);
    if (p && p.status === d.status && p.dueAt === d.dueAt) continue;
    const change: DeadlineChange = {
      id: d.id,
      kind: d.kind,
      dueAt: d.dueAt,
      from: p?.status ?? null,
      to: d.status,
    };
    if (p && p.dueAt !== d.dueAt) change.previousDueAt = p.dueAt;
    out.push(change);
  }
  for (const p of before.values())
    out.push({ id: p.id, kind: p.kind, dueAt: p.dueAt, from: p.status, to: null });
  return out;
}

/**
 * What an event changed compared with the previous event of the same case. A casework command that
 * records several events publishes the state after the whole command with each of them, so the change
 * shows on the first event of the command; `DeadlineMissed` names its one deadline, so each missed
 * deadline is shown on its own event.
 */
export function eventChanges(
  event: { type: string; data: unknown },
  previous: { type: string; data: unknown } | null,
): CaseChanges | null {
  const next = snapshotOf(event.type, event.data);
  if (!next) return null;
  const prev = previous ? snapshotOf(previous.type, previous.data) : null;
  const changes = diffCase(prev, next);
  if (event.type === 'DeadlineMissed') {
    const missed = missedBy(event);
    delete changes.deadlines;
    if (missed)
      changes.deadlines = [
        { id: missed.id, kind: missed.kind, dueAt: missed.dueAt, from: 'open', to: 'missed' },
      ];
  }
  return changes;
}

function missedBy(event: { type: string; data: unknown }): DeadlineMissedInfo | null {
  if (event.type !== 'DeadlineMissed' || !isObject(event.data)) return null;
  const details = isObject(event.data.details) ? event.data.details : event.data;
  const id = str(details.deadlineId);
  if (!id) return null;
  return {
    id,
    kind: str(details.kind) ?? id.split(':')[0],
    dueAt: str(details.dueAt) ?? '',
    detectedAt: str(details.detectedAt),
  };
}

/** The step's own facts (codes only), as published: `details` of a step, the report facts of an opening. */
export function eventDetails(type: string, data: unknown): Record<string, unknown> {
  if (!isObject(data)) return {};
  if (type !== 'CaseOpened' && isObject(data.details)) return { ...data.details };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (STATE_KEYS.has(k)) continue;
    // How many children, not who: sex and age stay in the case record.
    out[k] = k === 'children' && Array.isArray(v) ? v.length : v;
  }
  return out;
}

const STATE_KEYS = new Set([
  'caseId',
  'contactId',
  'status',
  'level',
  'communeCode',
  'provinceCode',
  'incidentCommuneCode',
  'residenceCommuneCode',
  'residenceProvinceCode',
  'assignedWorkerId',
  'closureReason',
  'deadlines',
  'at',
]);

/** The steps of a case in order, each with the state after it, what changed and the deadlines it met or missed. */
export function buildTimeline(events: readonly CaseEventInput[]): TimelineStep[] {
  const ordered = [...events].sort(
    (a, b) => a.version - b.version || a.occurredAt.localeCompare(b.occurredAt),
  );
  const out: TimelineStep[] = [];
  let previous: CaseEventInput | null = null;
  for (const e of ordered) {
    const snapshot = snapshotOf(e.type, e.data);
    const changes = eventChanges(e, previous) ?? {};
    const after = new Map((snapshot?.deadlines ?? []).map((d) => [d.id, d]));
    const deadlinesMet: DeadlineMet[] = (changes.deadlines ?? [])
      .filter((c) => (c.to === 'met' || c.to === 'met_late') && c.from !== 'met' && c.from !== 'met_late')
      .map((c) => {
        const d = after.get(c.id);
        return {
          id: c.id,
          kind: c.kind,
          dueAt: c.dueAt,
          metAt: d?.metAt ?? null,
          onTime: c.to === 'met',
          missedAt: d?.missedAt ?? null,
        };
      });
    const missed = missedBy(e);
    const deadlinesMissed: DeadlineMissedInfo[] = missed
      ? [missed]
      : (changes.deadlines ?? [])
          .filter((c) => c.to === 'missed' && c.from !== 'missed')
          .map((c) => ({
            id: c.id,
            kind: c.kind,
            dueAt: c.dueAt,
            detectedAt: after.get(c.id)?.missedAt ?? null,
          }));
    out.push({
      kind: 'event',
      eventId: e.eventId,
      version: e.version,
      type: e.type,
      step: stepName(e.type),
      at: e.occurredAt,
      actor: e.actor,
      state: snapshot ? stateOf(snapshot) : null,
      changes,
      deadlinesMet,
      deadlinesMissed,
      details: eventDetails(e.type, e.data),
    });
    // An event without state (unknown shape) does not reset what the next one is compared with.
    if (snapshot) previous = e;
  }
  return out;
}

export function toTimelineRead(a: AccessInput): TimelineRead {
  return { kind: 'access', ...a, what: `read:${a.view}` };
}

/**
 * Steps and reads in one chronological list. Stable: steps keep their version order, and a read at the
 * same instant as a step comes after it (it saw the case as the step left it).
 */
export function interleave(steps: readonly TimelineStep[], reads: readonly TimelineRead[]) {
  const out: Array<TimelineStep | TimelineRead> = [];
  const r = [...reads].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.accessId.localeCompare(b.accessId),
  );
  let i = 0;
  for (const s of steps) {
    while (i < r.length && Date.parse(r[i].at) < Date.parse(s.at)) out.push(r[i++]);
    out.push(s);
  }
  while (i < r.length) out.push(r[i++]);
  return out;
}
