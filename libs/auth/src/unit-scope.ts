import type { Role } from '@cp/contracts';
import type { AuthUser } from './auth-user';

/**
 * Which of a token's units count for what (README "Who may do what"). A token lists roles and units side by side, without
 * saying which unit goes with which role, so the rule is by kind of role:
 *
 * - commune roles (`commune_worker`, `commune_chair`) act only for communes: of their units only the
 *   5-digit commune codes count; a province (2 digits) or `VN` on such a token gives them nothing;
 * - oversight roles (`provincial_officer`, `inspector`) read for every unit they carry (commune,
 *   province or the nation);
 * - hotline roles read cases by referral, not by unit (see `own-referrals` in the access matrix).
 */
export const COMMUNE_ROLES = ['commune_worker', 'commune_chair'] as const satisfies readonly Role[];
export const OVERSIGHT_ROLES = ['provincial_officer', 'inspector'] as const satisfies readonly Role[];
export const HOTLINE_ROLES = ['hotline_counsellor', 'hotline_supervisor'] as const satisfies readonly Role[];

type UnitHolder = Pick<AuthUser, 'roles' | 'units'>;

/** A 5-digit commune code (not a province, not VN). */
export const isCommuneCode = (unit: string): boolean => /^\d{5}$/.test(unit);

export function hasAnyRole(user: Pick<AuthUser, 'roles'>, roles: readonly Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

/** The communes a user acts for in a commune role (what steps and a direct report need). */
export function communeUnits(user: UnitHolder): string[] {
  return hasAnyRole(user, COMMUNE_ROLES) ? user.units.filter(isCommuneCode) : [];
}

/**
 * The units a user reads case data for: all of an oversight role's units, and a commune role's
 * communes. A user holding neither reads no case by unit.
 */
export function caseReadUnits(user: UnitHolder): string[] {
  if (hasAnyRole(user, OVERSIGHT_ROLES)) return [...user.units];
  return communeUnits(user);
}
