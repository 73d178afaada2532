import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import type { CaseCommand } from '../../../domain/case.commands';
import { COMMUNE, at, build, history, meta, rules } from '../../../domain/case.fixtures';
import { closed, deadline, opened } from '../../../testing/case-decisions';

const given = specFor(caseDecider);

describe('deadlines missed', () => {
  const watcher = (now: string): CaseCommand => ({
    type: 'MarkDeadlinesMissed',
    metadata: {
      ...meta('system', now),
      actor: { id: 'system:deadline-watcher', roles: ['system'], unit: COMMUNE },
    },
    rules,
  });

  it('reports each past-due deadline exactly once', () => {
    given(opened)
      .when(watcher(at(11)))
      .then([]);
    const missed = history([...opened, watcher(at(13))]);
    expect(missed[missed.length - 1]).toEqual({
      type: 'DeadlineMissed',
      data: {
        deadlineId: 'initial_assessment:1',
        kind: 'initial_assessment',
        dueAt: at(12),
        detectedAt: at(13),
      },
    });
    given(missed)
      .when(watcher(at(14)))
      .then([]);
    expect(deadline(missed, 'initial_assessment:1')).toMatchObject({ status: 'missed', missedAt: at(13) });
  });

  it('a missed deadline met later stays visible as met late', () => {
    const events = history([
      ...opened,
      watcher(at(13)),
      build.AssignWorker(at(14)),
      build.RecordInitialAssessment(at(15)),
    ]);
    expect(deadline(events, 'initial_assessment:1')).toMatchObject({
      status: 'met_late',
      missedAt: at(13),
      metAt: at(15),
    });
  });

  it('nothing is reported on a closed case', () => {
    given(closed)
      .when(watcher(at(100)))
      .then([]);
  });

  it('closing lapses a missed deadline; after reopening, new steps meet only the new deadlines', () => {
    const events = history([
      ...opened,
      watcher(at(13)),
      build.CloseCase(at(14)),
      build.ReopenCase(at(20)),
      build.AssignWorker(at(21)),
      build.RecordInitialAssessment(at(22)),
    ]);
    expect(deadline(events, 'initial_assessment:1')).toMatchObject({
      status: 'lapsed',
      missedAt: at(13),
      metAt: null,
    });
    expect(deadline(events, 'initial_assessment:2')).toMatchObject({ status: 'met', metAt: at(22) });
  });
});
