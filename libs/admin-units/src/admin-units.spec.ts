import { AdminUnits, NATIONAL_UNIT } from './admin-units';

describe('the 2025 administrative units', () => {
  const units = AdminUnits.load();

  it('has 34 provinces and 3,321 communes', () => {
    expect(units.provinces).toHaveLength(34);
    expect(units.communes).toHaveLength(3321);
  });

  it('maps a commune to its province', () => {
    expect(units.commune('00004')?.name).toBe('Phường Ba Đình');
    expect(units.provinceOf('00004')).toBe('01');
    expect(units.commune('01')).toBeUndefined();
  });

  it('decides jurisdiction by nation, province or commune', () => {
    expect(units.covers([NATIONAL_UNIT], '00004')).toBe(true);
    expect(units.covers(['01'], '00004')).toBe(true);
    expect(units.covers(['00004'], '00004')).toBe(true);
    expect(units.covers(['00008'], '00004')).toBe(false);
    expect(units.covers(['79'], '00004')).toBe(false);
  });

  it('suggests communes from names typed without diacritics', () => {
    expect(units.suggest('ba dinh').map((c) => c.code)).toContain('00004');
  });
});
