import type { DeadlineRules } from '../domain/case.commands';

/** Where a command's deadline rules come from: the locality's policy in force at an instant, and the calendar. */
export interface DeadlineRulesSource {
  rulesFor(communeCode: string, provinceCode: string, at: string): Promise<DeadlineRules>;
}

export const DEADLINE_RULES = Symbol('DEADLINE_RULES');
