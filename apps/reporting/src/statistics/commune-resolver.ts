import type { AdminUnits } from '@cp/admin-units';
import type { CommuneResolver } from './stat-fold';

/** The day the 2025 commune list took effect: codes written before it are pre-2025 codes. */
export const REFORM_DAY = '2025-07-01T00:00:00+07:00';

/**
 * Counts every location under today's communes. A commune code is read as the list in force when it
 * was written: before 1 July 2025 it is a pre-2025 code and goes through the official mapping (an old
 * commune split between several new ones goes to the first the table lists, where most of it went).
 */
export function communeResolver(units: AdminUnits): CommuneResolver {
  const reform = Date.parse(REFORM_DAY);
  let legacy: Map<string, string> | null = null;
  const legacyTarget = (code: string): string | undefined => {
    if (!legacy) {
      legacy = new Map();
      for (const row of units.legacy)
        if (row.oldCode && !legacy.has(row.oldCode)) legacy.set(row.oldCode, row.newCode);
    }
    return legacy.get(code);
  };
  return (code, at) => {
    if (!code) return null;
    const old = Date.parse(at) < reform;
    const current = old ? legacyTarget(code) : units.commune(code) ? code : legacyTarget(code);
    if (!current) return null;
    const province = units.provinceOf(current);
    return province ? { commune: current, province } : null;
  };
}
