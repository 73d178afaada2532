import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Viet Nam's administrative units in force from 1 July 2025: 34 provinces and 3,321 communes, with the
 * statistics-office codes (2-digit province, 5-digit commune). The data is the shared official list
 * (copied from shared/data), never invented.
 */
export interface AdminUnit {
  code: string;
  name: string;
  level: 'province' | 'commune';
  type: string;
  parent: string | null;
}

export interface LegacyCommune {
  oldCode: string;
  oldName: string;
  oldDistrictName: string;
  oldProvinceName: string;
  newCode: string;
  mergeNote: string;
}

/** The national unit code: users with it act for the whole country. */
export const NATIONAL_UNIT = 'VN';

const DATA_DIR = join(__dirname, '..', 'data');

export class AdminUnits {
  private readonly byCode = new Map<string, AdminUnit>();

  constructor(units: AdminUnit[]) {
    for (const u of units) this.byCode.set(u.code, u);
  }

  static load(file = join(DATA_DIR, 'admin-units-2025-07.json')): AdminUnits {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { units: AdminUnit[] };
    return new AdminUnits(parsed.units);
  }

  get(code: string): AdminUnit | undefined {
    return this.byCode.get(code);
  }

  commune(code: string): AdminUnit | undefined {
    const u = this.byCode.get(code);
    return u?.level === 'commune' ? u : undefined;
  }

  provinceOf(communeCode: string): string | undefined {
    return this.commune(communeCode)?.parent ?? undefined;
  }

  get communes(): AdminUnit[] {
    return [...this.byCode.values()].filter((u) => u.level === 'commune');
  }

  get provinces(): AdminUnit[] {
    return [...this.byCode.values()].filter((u) => u.level === 'province');
  }

  /**
   * Does a user acting for `units` cover this commune? `VN` covers all; a 2-digit province code covers
   * its communes; a 5-digit commune code covers itself.
   */
  covers(units: readonly string[], communeCode: string): boolean {
    if (units.includes(NATIONAL_UNIT)) return true;
    if (units.includes(communeCode)) return true;
    const province = this.provinceOf(communeCode);
    return province !== undefined && units.includes(province);
  }

  /** Names without diacritics for matching what people type ("tu ky" finds "Tứ Kỳ"). */
  static fold(text: string): string {
    return text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase()
      .trim();
  }

  /** Communes whose name contains the folded query, for "did you mean" suggestions. */
  suggest(query: string, limit = 5): AdminUnit[] {
    const q = AdminUnits.fold(query);
    if (!q) return [];
    return this.communes
      .filter((c) => AdminUnits.fold(c.name).includes(q) || c.code === query)
      .slice(0, limit);
  }
}
