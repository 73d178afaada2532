import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommuneSearch } from './commune-search';
import type { AdminUnit } from './admin-unit';
import { parseLegacyCommunes, type LegacyCommune } from './legacy-csv';

export type { AdminUnit } from './admin-unit';

/** The national unit code: users with it act for the whole country. */
export const NATIONAL_UNIT = 'VN';

const DATA_DIR = join(__dirname, '..', 'data');
const UNITS_FILE = join(DATA_DIR, 'admin-units-2025-07.json');
const LEGACY_FILE = join(DATA_DIR, 'admin-units-2025-07-from-legacy.csv');

export class AdminUnits {
  private readonly byCode = new Map<string, AdminUnit>();
  private legacyRows?: LegacyCommune[];
  private legacyByNewCode?: Map<string, LegacyCommune[]>;
  private index?: CommuneSearch;

  /**
   * @param legacySource the pre-2025 mapping, or the CSV file to read it from when first needed (the official
   *   one by default)
   */
  constructor(
    units: AdminUnit[],
    private readonly legacySource: LegacyCommune[] | string = LEGACY_FILE,
  ) {
    for (const u of units) this.byCode.set(u.code, u);
  }

  static load(file = UNITS_FILE, legacyFile = LEGACY_FILE): AdminUnits {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { units: AdminUnit[] };
    return new AdminUnits(parsed.units, legacyFile);
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

  /** Every pre-2025 commune with the 2025 commune it went into (read on first use). */
  get legacy(): readonly LegacyCommune[] {
    this.legacyRows ??=
      typeof this.legacySource === 'string'
        ? parseLegacyCommunes(readFileSync(this.legacySource, 'utf8'))
        : this.legacySource;
    return this.legacyRows;
  }

  /** The pre-2025 communes (or the parts of them) that went into a 2025 commune. */
  mergedInto(communeCode: string): LegacyCommune[] {
    if (!this.legacyByNewCode) {
      this.legacyByNewCode = new Map();
      for (const row of this.legacy) {
        const rows = this.legacyByNewCode.get(row.newCode);
        if (rows) rows.push(row);
        else this.legacyByNewCode.set(row.newCode, [row]);
      }
    }
    return [...(this.legacyByNewCode.get(communeCode) ?? [])];
  }

  /** The commune search over these units and the pre-2025 mapping, built on first use and kept. */
  get communeSearch(): CommuneSearch {
    this.index ??= CommuneSearch.build(this);
    return this.index;
  }

  /**
   * "Did you mean" for an unknown commune: the best hits of the commune search, so a mistyped or a
   * pre-2025 code, an old commune or district name, or a misspelt name all get real suggestions.
   */
  suggest(query: string, limit = 5): AdminUnit[] {
    return this.communeSearch.search(query, { limit }).map((hit) => this.byCode.get(hit.code)!);
  }
}
