import { AdminUnits, NATIONAL_UNIT } from '@cp/admin-units';
import { caseReadUnits, type AuthUser } from '@cp/auth';
import { DomainError } from '@cp/contracts';

/** Does acting for `userUnits` include the whole of `unit` (a commune, a province or the nation)? */
export function covers(units: AdminUnits, userUnits: readonly string[], unit: string): boolean {
  if (userUnits.includes(NATIONAL_UNIT)) return true;
  if (unit === NATIONAL_UNIT) return false;
  if (unit.length === 2) return userUnits.includes(unit);
  return units.covers([...userUnits], unit);
}

/**
 * The unit a reporting request is about: the one asked for (if the user acts for it) or the user's first.
 * A commune role acts only for its communes: a province or VN on a commune worker's or chair's token
 * does not count (README "Who may do what"); provincial officers and inspectors report on any unit they carry.
 */
export function unitFor(units: AdminUnits, user: AuthUser, requested: string | undefined): string {
  const acting = caseReadUnits(user);
  const unit = requested ?? acting[0] ?? user.units[0];
  if (!unit || !covers(units, acting, unit)) {
    throw new DomainError(
      'REPORTING.OUT_OF_JURISDICTION',
      `You do not act for unit ${unit ?? '(none)'}${acting.length ? `; your units: ${acting.join(', ')}` : ''}.`,
      'forbidden',
    );
  }
  if (unit !== NATIONAL_UNIT && !units.get(unit)) {
    throw new DomainError(
      'REPORTING.UNKNOWN_UNIT',
      `Unit ${unit} is not in the 2025 list of provinces and communes.`,
      'invalid',
    );
  }
  return unit;
}

export function unitName(units: AdminUnits, unit: string): string {
  return unit === NATIONAL_UNIT ? 'Việt Nam' : (units.get(unit)?.name ?? unit);
}

/**
 * The SQL condition selecting a unit's rows (a commune's own, a province's communes, or the nation's) of
 * a table with `commune_code` and `province_code`; the code is pushed onto `params`.
 */
export function unitCondition(unit: string, params: unknown[]): string {
  if (unit === NATIONAL_UNIT) return 'TRUE';
  params.push(unit);
  return `${unit.length === 2 ? 'province_code' : 'commune_code'} = $${params.length}`;
}

/** Settings that hold for the whole country (indicator definitions, read models) are a national admin's. */
export function requireNational(user: AuthUser): void {
  if (!user.units.includes(NATIONAL_UNIT)) {
    throw new DomainError(
      'REPORTING.NATIONAL_ONLY',
      'Only an administrator acting for the whole country (unit VN) may change this.',
      'forbidden',
    );
  }
}
