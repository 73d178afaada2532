import { Injectable } from '@nestjs/common';
import { AdminUnits, type CommuneHit, type CommuneSearch } from '@cp/admin-units';
import { DomainError } from '@cp/contracts';

export interface CommuneSearchView {
  query: string;
  province: string | null;
  items: CommuneHit[];
}

/** A pre-2025 commune (or the part of it) that went into a 2025 commune. */
export interface FormerCommune {
  /** Empty where a whole district became one special zone (đặc khu). */
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
  provinceCode: string;
  provinceName: string;
  /** As the official table words it: "Nhập toàn bộ", "Nhập một phần", "Giữ nguyên", … */
  mergeNote: string;
}

export interface CommuneView {
  code: string;
  name: string;
  type: string;
  provinceCode: string;
  provinceName: string;
  formerly: FormerCommune[];
}

/**
 * Commune look-up for counsellors and commune staff. The search index is the one `AdminUnits` keeps
 * for its suggestions, built here when the service starts rather than on the first call.
 */
@Injectable()
export class CommunesService {
  private readonly index: CommuneSearch;

  constructor(private readonly units: AdminUnits) {
    this.index = units.communeSearch;
  }

  search(query: string, options: { province?: string; limit?: number } = {}): CommuneSearchView {
    if (options.province !== undefined && this.units.get(options.province)?.level !== 'province') {
      throw new DomainError(
        'COMMUNE.UNKNOWN_PROVINCE',
        `province: ${options.province} is not one of the 34 provinces of 2025; use its 2-digit code (01 Hà Nội, 31 Hải Phòng, 79 Hồ Chí Minh, …) or leave it out.`,
        'invalid',
        { field: 'province' },
      );
    }
    return {
      query,
      province: options.province ?? null,
      items: this.index.search(query, options),
    };
  }

  get(code: string): CommuneView {
    const commune = this.units.commune(code);
    if (!commune) {
      throw new DomainError(
        'COMMUNE.NOT_FOUND',
        `${code} is not a commune of the 2025 list (34 provinces, 3,321 communes); search by name with GET /api/v1/communes?q=.`,
        'not_found',
        { suggestions: this.units.suggest(code).map((c) => ({ code: c.code, name: c.name })) },
      );
    }
    const province = this.units.get(commune.parent ?? '');
    return {
      code: commune.code,
      name: commune.name,
      type: commune.type,
      provinceCode: province?.code ?? '',
      provinceName: province?.name ?? '',
      formerly: this.units.mergedInto(code).map((r) => ({
        code: r.oldCode,
        name: r.oldName,
        districtCode: r.oldDistrictCode,
        districtName: r.oldDistrictName,
        provinceCode: r.oldProvinceCode,
        provinceName: r.oldProvinceName,
        mergeNote: r.mergeNote,
      })),
    };
  }
}
