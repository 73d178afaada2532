/** The deadline watcher’s step: deadlines passed without their step are recorded missed. */
import { decision, event } from '../../../domain/case.decide';

export const decideMarkDeadlinesMissed = decision('MarkDeadlinesMissed', (command, state, now) => {
  if (state.status === 'closed') return [];
  return state.deadlines
    .filter((d) => d.status === 'open' && Date.parse(d.dueAt) < Date.parse(now))
    .map((d) => event('DeadlineMissed', { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt, detectedAt: now }));
});
