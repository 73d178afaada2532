/** Who may take a step, and for which commune or province: STEP_RULES, the table the controllers share. */
import { DomainError } from '@cp/contracts';
import { STEP_RULES } from './case.permissions';
import type { CaseState } from './case.state';
import type { CaseCommand } from './case.commands';

export function authorise(command: CaseCommand, state: CaseState): void {
  const rule = STEP_RULES[command.type];
  const actor = command.metadata.actor;
  if (rule.unit === 'system') {
    if (!actor.roles.includes('system')) {
      throw new DomainError('CASE.ROLE_NOT_ALLOWED', 'Only the service itself records this.', 'forbidden');
    }
    return;
  }
  if (!actor.roles.some((r) => (rule.roles as readonly string[]).includes(r) || r === 'system')) {
    throw new DomainError(
      'CASE.ROLE_NOT_ALLOWED',
      `${command.type} is done by: ${rule.roles.join(' or ')} (${rule.basis}).`,
      'forbidden',
      { allowedRoles: rule.roles },
    );
  }
  if (actor.roles.includes('system') || !state.exists) return;
  if (rule.unit === 'province') {
    // The second pair of eyes: an officer of the province the carrying commune belongs to, or national.
    const province = state.ownerProvinceCode;
    if (actor.unit !== province && actor.unit !== 'VN') {
      throw new DomainError(
        'CASE.NOT_CASE_PROVINCE',
        `The case is carried by a commune of province ${province}; only an officer acting for that province (or VN) can do this.`,
        'forbidden',
      );
    }
    return;
  }
  const expected = rule.unit === 'receiving' ? state.pendingTransfer?.toCommuneCode : state.ownerCommuneCode;
  if (rule.unit === 'receiving' && !expected) return; // decide() reports the missing transfer
  if (actor.unit !== expected) {
    throw new DomainError(
      rule.unit === 'receiving' ? 'CASE.NOT_RECEIVING_COMMUNE' : 'CASE.NOT_OWNING_COMMUNE',
      rule.unit === 'receiving'
        ? `Only commune ${expected}, to which the case is being transferred, can do this.`
        : `The case is carried by commune ${expected}; only that commune can do this.`,
      'forbidden',
    );
  }
}
