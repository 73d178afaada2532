import type { CaseOpenedV1, CaseUpdatedV1, DeadlineV1 } from '@cp/contracts';
import {
  buildTimeline,
  diffCase,
  eventChanges,
  eventDetails,
  interleave,
  snapshotOf,
  toTimelineRead,
  type CaseEventInput,
} from './case-trail';

const CASE = '3f8e1c2a-0000-4000-8000-000000000001';
const T0 = '2026-11-23T09:00:00.000Z';

const deadline = (id: string, dueAt: string, over: Partial<DeadlineV1> = {}): DeadlineV1 => ({
  id,
  kind: id.split(':')[0] as DeadlineV1['kind'],
  dueAt,
  startedAt: T0,
  policyVersion: 'national-default@2025-07-01',
  calendarVersion: null,
  rule: 'Decree 56/2017',
  status: 'open',
  metAt: null,
  metRecordedAt: null,
  missedAt: null,
  ...over,
});

const IA = 'initial_assessment:1';
const EM = 'emergency_measures:1';
const PD = 'plan_draft:1';

const opened: CaseOpenedV1 = {
  caseId: CASE,
  source: { kind: 'commune_direct' },
  communeCode: '00004',
  provinceCode: '01',
  residenceCommuneCode: null,
  status: 'received',
  level: null,
  receivedAt: T0,
  openedAt: T0,
  children: [{ childRef: 'c1', sex: 'female', ageYears: 8 }],
  concerns: ['violence'],
  urgent: true,
  deadlines: [deadline(IA, '2026-11-23T21:00:00.000Z')],
};

const updated = (over: Partial<CaseUpdatedV1>): CaseUpdatedV1 => ({
  caseId: CASE,
  contactId: null,
  status: 'received',
  level: null,
  communeCode: '00004',
  provinceCode: '01',
  incidentCommuneCode: '00004',
  residenceCommuneCode: null,
  assignedWorkerId: null,
  closureReason: null,
  at: T0,
  deadlines: [],
  details: {},
  ...over,
});

const chair = { id: 'chair-1', roles: ['commune_chair'], unit: '00004' };
const worker = { id: 'worker-1', roles: ['commune_worker'], unit: '00004' };
const watcher = { id: 'system:deadline-watcher', roles: ['system'], unit: '00004' };

const ev = (version: number, type: string, at: string, actor: CaseEventInput['actor'], data: unknown) => ({
  eventId: `e-${version}`,
  version,
  type,
  occurredAt: at,
  actor,
  data,
});

// A case opened at 09:00 with the 12-hour assessment deadline; the worker is assigned; the watcher
// reports both the assessment and the emergency deadlines missed (one command, two events); the worker
// then records the assessment late, which meets the assessment deadline late and opens the plan draft.
const assignedState = updated({
  status: 'assessing',
  assignedWorkerId: 'worker-1',
  deadlines: [deadline(IA, '2026-11-23T21:00:00.000Z'), deadline(EM, '2026-11-23T21:00:00.000Z')],
});
const missedBoth = [
  deadline(IA, '2026-11-23T21:00:00.000Z', { status: 'missed', missedAt: '2026-11-23T21:00:05.000Z' }),
  deadline(EM, '2026-11-23T21:00:00.000Z', { status: 'missed', missedAt: '2026-11-23T21:00:05.000Z' }),
];
/** The watcher finds one of the two deadlines due at 21:00 missed, five seconds later. */
const deadlineMissed = (seq: number, deadlineId: string, kind: string): CaseEventInput =>
  ev(
    seq,
    'DeadlineMissed',
    '2026-11-23T21:00:05.000Z',
    watcher,
    updated({
      ...assignedState,
      deadlines: missedBoth,
      details: {
        deadlineId,
        kind,
        dueAt: '2026-11-23T21:00:00.000Z',
        detectedAt: '2026-11-23T21:00:05.000Z',
      },
    }),
  );
const events: CaseEventInput[] = [
  ev(1, 'CaseOpened', T0, chair, opened),
  ev(2, 'CaseWorkerAssigned', '2026-11-23T09:30:00.000Z', chair, {
    ...assignedState,
    details: { workerId: 'worker-1', assignedAt: '2026-11-23T09:30:00.000Z' },
  }),
  deadlineMissed(3, IA, 'initial_assessment'),
  deadlineMissed(4, EM, 'emergency_measures'),
  ev(
    5,
    'InitialAssessmentRecorded',
    '2026-11-24T08:00:00.000Z',
    worker,
    updated({
      status: 'planning',
      level: 'intervention',
      assignedWorkerId: 'worker-1',
      deadlines: [
        {
          ...missedBoth[0],
          status: 'met_late',
          metAt: '2026-11-24T08:00:00.000Z',
          metRecordedAt: '2026-11-24T08:00:00.000Z',
        },
        missedBoth[1],
        deadline(PD, '2026-12-01T17:00:00.000Z'),
      ],
      details: { outcome: 'intervention', seriousThreat: true },
    }),
  ),
];

describe('the state after a step', () => {
  it('is read from an opening as received, carried by the incident commune, nobody assigned', () => {
    expect(snapshotOf('CaseOpened', opened)).toEqual({
      status: 'received',
      level: null,
      carryingCommuneCode: '00004',
      provinceCode: '01',
      incidentCommuneCode: '00004',
      residenceCommuneCode: null,
      assignedWorkerId: null,
      closureReason: null,
      deadlines: opened.deadlines,
    });
  });

  it('is absent for a payload that carries no case state (an intake event)', () => {
    expect(snapshotOf('ReportReferred', { contactId: 'x', communeCode: '00004' })).toBeNull();
    expect(eventChanges({ type: 'ContactClosed', data: { outcome: 'counselled' } }, null)).toBeNull();
  });
});

describe('what a step changed', () => {
  it('from nothing: the opening sets the status, the carrying commune and opens its deadline', () => {
    expect(diffCase(null, snapshotOf('CaseOpened', opened)!)).toEqual({
      status: { from: null, to: 'received' },
      carryingCommuneCode: { from: null, to: '00004' },
      deadlines: [
        { id: IA, kind: 'initial_assessment', dueAt: '2026-11-23T21:00:00.000Z', from: null, to: 'open' },
      ],
    });
  });

  it('names only what differs, a deadline moved with its previous due time, a deadline dropped', () => {
    const before = snapshotOf('X', assignedState)!;
    const after = snapshotOf(
      'X',
      updated({
        ...assignedState,
        communeCode: '00007',
        residenceCommuneCode: '00007',
        deadlines: [deadline(IA, '2026-11-24T09:00:00.000Z')],
      }),
    )!;
    expect(diffCase(before, after)).toEqual({
      carryingCommuneCode: { from: '00004', to: '00007' },
      residenceCommuneCode: { from: null, to: '00007' },
      deadlines: [
        {
          id: IA,
          kind: 'initial_assessment',
          dueAt: '2026-11-24T09:00:00.000Z',
          previousDueAt: '2026-11-23T21:00:00.000Z',
          from: 'open',
          to: 'open',
        },
        { id: EM, kind: 'emergency_measures', dueAt: '2026-11-23T21:00:00.000Z', from: 'open', to: null },
      ],
    });
  });

  it('shows each missed deadline on its own DeadlineMissed event, though both carry the same state', () => {
    expect(eventChanges(events[2], events[1])).toEqual({
      deadlines: [
        { id: IA, kind: 'initial_assessment', dueAt: '2026-11-23T21:00:00.000Z', from: 'open', to: 'missed' },
      ],
    });
    expect(eventChanges(events[3], events[2])).toEqual({
      deadlines: [
        { id: EM, kind: 'emergency_measures', dueAt: '2026-11-23T21:00:00.000Z', from: 'open', to: 'missed' },
      ],
    });
  });
});

describe('the timeline of a case', () => {
  const timeline = buildTimeline([...events].reverse());

  it('lists the steps in version order with their names in English and Vietnamese', () => {
    expect(timeline.map((s) => [s.version, s.type, s.step.vi])).toEqual([
      [1, 'CaseOpened', 'Tiếp nhận thông tin, thông báo; mở hồ sơ'],
      [2, 'CaseWorkerAssigned', 'Phân công người làm công tác bảo vệ trẻ em'],
      [3, 'DeadlineMissed', 'Quá thời hạn'],
      [4, 'DeadlineMissed', 'Quá thời hạn'],
      [5, 'InitialAssessmentRecorded', 'Đánh giá ban đầu về nguy cơ, mức độ tổn hại'],
    ]);
    expect(timeline[4].step.en).toBe('Initial assessment of risk (Mẫu 02)');
  });

  it('gives the state after each step and who took it', () => {
    expect(
      timeline.map((s) => [s.state?.status, s.state?.level ?? null, s.state?.assignedWorkerId ?? null]),
    ).toEqual([
      ['received', null, null],
      ['assessing', null, 'worker-1'],
      ['assessing', null, 'worker-1'],
      ['assessing', null, 'worker-1'],
      ['planning', 'intervention', 'worker-1'],
    ]);
    expect(timeline[1]).toMatchObject({
      actor: chair,
      changes: {
        status: { from: 'received', to: 'assessing' },
        assignedWorkerId: { from: null, to: 'worker-1' },
      },
      details: { workerId: 'worker-1' },
    });
  });

  it('says which deadline each step missed and which it met, on time or late', () => {
    expect(timeline.map((s) => s.deadlinesMissed.map((d) => d.id))).toEqual([[], [], [IA], [EM], []]);
    expect(timeline[2].deadlinesMissed[0]).toEqual({
      id: IA,
      kind: 'initial_assessment',
      dueAt: '2026-11-23T21:00:00.000Z',
      detectedAt: '2026-11-23T21:00:05.000Z',
    });
    expect(timeline[4].deadlinesMet).toEqual([
      {
        id: IA,
        kind: 'initial_assessment',
        dueAt: '2026-11-23T21:00:00.000Z',
        metAt: '2026-11-24T08:00:00.000Z',
        onTime: false,
        missedAt: '2026-11-23T21:00:05.000Z',
      },
    ]);
    expect(timeline[4].changes.deadlines).toEqual([
      {
        id: IA,
        kind: 'initial_assessment',
        dueAt: '2026-11-23T21:00:00.000Z',
        from: 'missed',
        to: 'met_late',
      },
      { id: PD, kind: 'plan_draft', dueAt: '2026-12-01T17:00:00.000Z', from: null, to: 'open' },
    ]);
  });

  it('counts an opening’s children without saying who they are', () => {
    expect(eventDetails('CaseOpened', opened)).toEqual({
      source: { kind: 'commune_direct' },
      receivedAt: T0,
      openedAt: T0,
      children: 1,
      concerns: ['violence'],
      urgent: true,
    });
  });

  it('interleaves reads by time, a read at the instant of a step after it', () => {
    const read = (id: string, at: string) =>
      toTimelineRead({
        accessId: id,
        at,
        actor: { id: 'inspector-01', roles: ['inspector'], unit: '01' },
        recordKind: 'case',
        recordId: CASE,
        view: 'state',
        fields: ['status'],
        asAt: null,
      });
    const merged = interleave(timeline.slice(0, 2), [
      read('b', '2026-11-23T09:30:00.000Z'),
      read('a', '2026-11-23T09:10:00.000Z'),
      read('c', '2026-11-25T00:00:00.000Z'),
    ]);
    expect(merged.map((x) => (x.kind === 'event' ? `v${x.version}` : x.accessId))).toEqual([
      'v1',
      'a',
      'v2',
      'b',
      'c',
    ]);
    expect(merged[1]).toMatchObject({ kind: 'access', what: 'read:state' });
  });
});
