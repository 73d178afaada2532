import { invalid, requireText } from '../../../domain/case.guards';
import type { CaseState } from '../../../domain/case.state';
import { INTERVENTION_MEASURES, SUPPORT_MEASURES } from '../../../domain/case.vocabulary';
import { localDate } from '../../../domain/deadline-policy';
import type { CaseCommand } from '../../../domain/case.commands';

export function validatePlan(
  command: Extract<CaseCommand, { type: 'DraftPlan' }>,
  level: NonNullable<CaseState['level']>,
) {
  if (command.goals.filter((g) => g.trim()).length === 0) {
    throw invalid('CASE.FIELD_REQUIRED', 'goals', 'a plan states at least one goal.');
  }
  if (command.items.length === 0) {
    throw invalid('CASE.FIELD_REQUIRED', 'items', 'a plan has at least one measure.');
  }
  const allowed: readonly string[] =
    level === 'support' ? SUPPORT_MEASURES : [...SUPPORT_MEASURES, ...INTERVENTION_MEASURES];
  const seen = new Set<string>();
  command.items.forEach((item, i) => {
    if (!allowed.includes(item.measure)) {
      throw invalid(
        'CASE.MEASURE_NOT_FOR_LEVEL',
        `items[${i}].measure`,
        `${item.measure} is an intervention measure (Law Art. 50); a support-level plan uses Art. 49 measures. Change the level first if intervention is needed.`,
      );
    }
    if (seen.has(item.itemId))
      throw invalid('CASE.DUPLICATE_ITEM', `items[${i}].itemId`, 'item ids must be unique.');
    seen.add(item.itemId);
    requireText(
      `items[${i}].responsibleBody`,
      item.responsibleBody,
      'name the body responsible for the measure.',
    );
    if (!/^\d{4}-\d{2}-\d{2}$/.test(item.dueDate) || Number.isNaN(Date.parse(item.dueDate))) {
      throw invalid('CASE.INVALID_DATE', `items[${i}].dueDate`, 'must be a date YYYY-MM-DD.');
    }
    if (item.dueDate < localDate(command.metadata.now)) {
      throw invalid('CASE.DUE_DATE_IN_PAST', `items[${i}].dueDate`, 'cannot be before today.');
    }
  });
}
