import { AdminUnits } from '@cp/admin-units';
import { DomainError } from '@cp/contracts';
import { CommunesService } from './communes.service';

// Facts checked by hand in libs/admin-units/data: Xã Tứ Kỳ (11074, Hải Phòng) took in the town and three
// communes of the former Huyện Tứ Kỳ, Tỉnh Hải Dương.
const service = new CommunesService(AdminUnits.load());

describe('searching communes for a counsellor', () => {
  it('answers the query with the hits, best first', () => {
    const view = service.search('tu ky');
    expect(view.query).toBe('tu ky');
    expect(view.province).toBeNull();
    expect(view.items).toHaveLength(10);
    expect(view.items[0]).toEqual({
      code: '11074',
      name: 'Xã Tứ Kỳ',
      type: 'xã',
      provinceCode: '31',
      provinceName: 'Thành phố Hải Phòng',
      matchedBy: 'name',
    });
    expect(view.items[1]).toMatchObject({ code: '11086', name: 'Xã Đại Sơn', matchedBy: 'legacy' });
  });

  it('keeps to a province and a limit', () => {
    const view = service.search('tan', { province: '31', limit: 3 });
    expect(view.province).toBe('31');
    expect(view.items).toHaveLength(3);
    expect(view.items.every((h) => h.provinceCode === '31')).toBe(true);
  });

  it('refuses a province that does not exist in 2025', () => {
    // 30 was Tỉnh Hải Dương before the merger.
    expect(() => service.search('tu ky', { province: '30' })).toThrow(
      expect.objectContaining({
        code: 'COMMUNE.UNKNOWN_PROVINCE',
        kind: 'invalid',
        extra: { field: 'province' },
      }),
    );
  });
});

describe('one commune', () => {
  it('comes with its province and the pre-2025 communes merged into it', () => {
    const view = service.get('11074');
    expect(view).toMatchObject({
      code: '11074',
      name: 'Xã Tứ Kỳ',
      type: 'xã',
      provinceCode: '31',
      provinceName: 'Thành phố Hải Phòng',
    });
    expect(view.formerly.map((f) => f.name).sort()).toEqual([
      'Thị trấn Tứ Kỳ',
      'Xã Minh Đức',
      'Xã Quang Khải',
      'Xã Quang Phục',
    ]);
    expect(view.formerly.find((f) => f.code === '11101')).toEqual({
      code: '11101',
      name: 'Xã Quang Phục',
      districtCode: '298',
      districtName: 'Huyện Tứ Kỳ',
      provinceCode: '30',
      provinceName: 'Tỉnh Hải Dương',
      mergeNote: 'Nhập toàn bộ',
    });
  });

  it('is not found under an old code, with the commune it went into as a suggestion', () => {
    let error: unknown;
    try {
      service.get('11101');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'COMMUNE.NOT_FOUND', kind: 'not_found' });
    expect((error as DomainError).extra.suggestions).toEqual(
      expect.arrayContaining([{ code: '11074', name: 'Xã Tứ Kỳ' }]),
    );
  });
});
