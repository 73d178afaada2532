/** The deadline watcher’s step: deadlines passed without their step are recorded missed. */
import type { CaseCommand } from '../../../domain/case.commands';
import type { Decide } from '../../../domain/case.decide';

export const decideMarkDeadlinesMissed: Decide<Extract<CaseCommand, { type: 'MarkDeadlinesMissed' }>> = (
  command,
  state,
) => {
  const now = command.metadata.now;
  if (state.status === 'closed') return [];
  return state.deadlines
    .filter((d) => d.status === 'open' && Date.parse(d.dueAt) < Date.parse(now))
    .map((d) => ({
      type: 'DeadlineMissed' as const,
      data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt, detectedAt: now },
    }));
};
