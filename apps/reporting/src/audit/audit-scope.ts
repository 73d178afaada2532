import { NATIONAL_UNIT, type AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import type { Role } from '@cp/contracts';

/**
 * Who may use the audit trail (the README's role table): it is an oversight tool.
 *
 * - inspector, provincial_officer: search the trail and read case timelines with their reads, within
 *   their units (`VN` = the nation);
 * - admin: search by person (`actorId` required) for security review, within their units; sees who did
 *   what to which record (ids and codes), never a step's details or what it changed;
 * - commune_worker, commune_chair: the timeline of a case their commune carries, is the incident or the
 *   residence commune of — its steps only, not who read it;
 * - hotline roles: none.
 */
export const OVERSIGHT_ROLES = ['inspector', 'provincial_officer'] as const satisfies readonly Role[];
export const COMMUNE_ROLES = ['commune_worker', 'commune_chair'] as const satisfies readonly Role[];
export const SEARCH_ROLES = [...OVERSIGHT_ROLES, 'admin'] as const satisfies readonly Role[];
export const TIMELINE_ROLES = [...OVERSIGHT_ROLES, ...COMMUNE_ROLES] as const satisfies readonly Role[];

const has = (user: AuthUser, roles: readonly Role[]) => user.roles.some((r) => roles.includes(r));

export const isOversight = (user: AuthUser): boolean => has(user, OVERSIGHT_ROLES);
export const isCommuneRole = (user: AuthUser): boolean => has(user, COMMUNE_ROLES);
/** An admin without an oversight role: security review by person only, no step content. */
export const isAdminOnly = (user: AuthUser): boolean => user.roles.includes('admin') && !isOversight(user);

/** A set of units as the codes it matches in `units` columns, or the whole nation. */
export type UnitScope = { national: true } | { national: false; codes: string[] };

/**
 * The codes a set of units matches: a commune itself; a province itself and every commune in it (the
 * copied events name both, but a province code must find its communes whatever a row carries).
 */
export function unitScope(units: readonly string[], adminUnits: AdminUnits): UnitScope {
  if (units.includes(NATIONAL_UNIT)) return { national: true };
  const codes = new Set<string>();
  for (const u of units) {
    codes.add(u);
    if (/^\d{2}$/.test(u)) for (const c of communesOf(adminUnits, u)) codes.add(c);
  }
  return { national: false, codes: [...codes] };
}

const byProvince = new WeakMap<AdminUnits, Map<string, string[]>>();

function communesOf(adminUnits: AdminUnits, province: string): string[] {
  let map = byProvince.get(adminUnits);
  if (!map) {
    map = new Map();
    for (const c of adminUnits.communes) {
      if (!c.parent) continue;
      const list = map.get(c.parent) ?? [];
      list.push(c.code);
      map.set(c.parent, list);
    }
    byProvince.set(adminUnits, map);
  }
  return map.get(province) ?? [];
}
