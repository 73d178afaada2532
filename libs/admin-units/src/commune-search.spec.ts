import { AdminUnits } from './admin-units';
import type { CommuneHit } from './commune-search';

// Facts checked by hand in data/admin-units-2025-07.json and data/admin-units-2025-07-from-legacy.csv.
const BA_DINH_HN = '00004'; // Phường Ba Đình, Thành phố Hà Nội (01)
const BA_DINH_TH = '16171'; // Xã Ba Đình, Tỉnh Thanh Hóa (38)
const BA_DINH_QNG = '21499'; // Xã Ba Dinh, Tỉnh Quảng Ngãi (51)
const TU_KY = '11074'; // Xã Tứ Kỳ, Thành phố Hải Phòng (31)
/** The 2025 communes the 23 communes of Huyện Tứ Kỳ (298), Tỉnh Hải Dương (30) went into. */
const FROM_TU_KY_DISTRICT = ['11074', '11086', '11113', '11131', '11140', '11146'];

const units = AdminUnits.load();
const search = units.communeSearch;
const codes = (hits: CommuneHit[]) => hits.map((h) => h.code);

describe('searching communes by their 2025 name', () => {
  it('finds a name typed without diacritics, in any case and spacing, with its province', () => {
    for (const q of ['tu ky', 'Tứ Kỳ', 'TU  KY', 'xã tứ kỳ', 'xa tu ky']) {
      expect(search.search(q)[0]).toEqual({
        code: TU_KY,
        name: 'Xã Tứ Kỳ',
        type: 'xã',
        provinceCode: '31',
        provinceName: 'Thành phố Hải Phòng',
        matchedBy: 'name',
      });
    }
  });

  it('folds đ to d, so "ba dinh" finds the three communes of that name, by code', () => {
    expect(codes(search.search('ba dinh')).slice(0, 3)).toEqual([BA_DINH_HN, BA_DINH_TH, BA_DINH_QNG]);
    expect(codes(search.search('badinh')).slice(0, 3)).toEqual([BA_DINH_HN, BA_DINH_TH, BA_DINH_QNG]);
  });

  it('puts the units of the type word typed first, without dropping the others', () => {
    expect(codes(search.search('phuong ba dinh')).slice(0, 3)).toEqual([BA_DINH_HN, BA_DINH_TH, BA_DINH_QNG]);
    expect(codes(search.search('xa ba dinh')).slice(0, 3)).toEqual([BA_DINH_TH, BA_DINH_QNG, BA_DINH_HN]);
  });

  it('reads a leading type word as part of the name too ("phuong son": Phường Phượng Sơn)', () => {
    expect(search.search('phuong son')[0]).toMatchObject({ code: '07612', name: 'Phường Phượng Sơn' });
  });

  it('completes a beginning, whole words first', () => {
    expect(new Set(codes(search.search('ba di')).slice(0, 3))).toEqual(
      new Set([BA_DINH_HN, BA_DINH_TH, BA_DINH_QNG]),
    );
    const phuongBa = search.search('phuong ba').slice(0, 4);
    expect(phuongBa.map((h) => h.name)).toEqual([
      'Phường Ba Đồn',
      'Phường Bà Rịa',
      'Phường Ba Đình',
      'Phường Ba Ngòi',
    ]);
  });

  it('matches names with apostrophes however they are typed', () => {
    for (const q of ['ea hleo', "ea h'leo", 'Ea H’Leo', 'ea h leo']) {
      expect(search.search(q)[0]).toMatchObject({ code: '24184', name: 'Xã Ea H’Leo', provinceCode: '66' });
    }
  });

  it('lists the special zones when only "đặc khu" is typed', () => {
    const hits = search.search('đặc khu', { limit: 50 });
    expect(hits).toHaveLength(13);
    expect(hits.every((h) => h.type === 'đặc khu')).toBe(true);
  });
});

describe('searching by code', () => {
  it('finds a 5-digit code exactly, and lists codes by a prefix of digits', () => {
    expect(search.search(BA_DINH_HN)).toEqual([
      expect.objectContaining({ code: BA_DINH_HN, matchedBy: 'code' }),
    ]);
    expect(codes(search.search('0000'))).toEqual(expect.arrayContaining([BA_DINH_HN, '00008']));
    expect(
      search
        .search('0000')
        .slice(0, 2)
        .map((h) => h.matchedBy),
    ).toEqual(['code', 'code']);
  });

  it('maps a pre-2025 commune code to the commune it went into', () => {
    // 11101 was Xã Quang Phục, Huyện Tứ Kỳ, Tỉnh Hải Dương.
    expect(search.search('11101')[0]).toMatchObject({
      code: TU_KY,
      matchedBy: 'legacy',
      reason: 'formerly Xã Quang Phục, Huyện Tứ Kỳ, Tỉnh Hải Dương — Nhập toàn bộ',
    });
  });

  it('suggests the codes one digit away from a code that does not exist', () => {
    const hits = search.search('00005');
    expect(codes(hits)).toEqual(expect.arrayContaining([BA_DINH_HN, '00008']));
    expect(hits.every((h) => h.matchedBy === 'fuzzy')).toBe(true);
  });
});

describe('searching with typos', () => {
  it('tolerates one edit in a short name and a swapped pair of letters', () => {
    expect(search.search('tu kyy')[0]).toMatchObject({ code: TU_KY, matchedBy: 'fuzzy' });
    expect(codes(search.search('ba dihn')).slice(0, 3)).toEqual([BA_DINH_HN, BA_DINH_TH, BA_DINH_QNG]);
  });

  it('tolerates a misspelt word of a longer name', () => {
    expect(search.search('nguyen giapp')[0]).toMatchObject({ code: '11146', name: 'Xã Nguyên Giáp' });
    expect(codes(search.search('giapp'))).toContain('11146');
  });

  it('ranks every correctly spelt match above a near one', () => {
    const hits = search.search('ba dinh', { limit: 50 });
    const firstFuzzy = hits.findIndex((h) => h.matchedBy === 'fuzzy');
    expect(firstFuzzy).toBeGreaterThan(0);
    expect(hits.slice(firstFuzzy).every((h) => h.matchedBy === 'fuzzy')).toBe(true);
  });
});

describe('searching by a pre-2025 name', () => {
  it('finds the commune an old commune went into, and says why', () => {
    const [hit] = search.search('quang phuc');
    expect(hit).toMatchObject({ code: TU_KY, name: 'Xã Tứ Kỳ', provinceCode: '31', matchedBy: 'legacy' });
    expect(hit.legacy).toEqual([
      {
        oldCode: '11101',
        oldName: 'Xã Quang Phục',
        oldDistrictCode: '298',
        oldDistrictName: 'Huyện Tứ Kỳ',
        oldProvinceCode: '30',
        oldProvinceName: 'Tỉnh Hải Dương',
        newCode: TU_KY,
        mergeNote: 'Nhập toàn bộ',
      },
    ]);
    expect(hit.reason).toBe('formerly Xã Quang Phục, Huyện Tứ Kỳ, Tỉnh Hải Dương — Nhập toàn bộ');
  });

  it('finds every commune a former district went into, now in another province (Tứ Kỳ: Hải Dương → Hải Phòng)', () => {
    const hits = search.search('huyen tu ky');
    expect(new Set(codes(hits.slice(0, 6)))).toEqual(new Set(FROM_TU_KY_DISTRICT));
    expect(hits.slice(0, 6).every((h) => h.matchedBy === 'legacy' && h.provinceCode === '31')).toBe(true);
    expect(hits[0].legacy?.map((r) => r.oldName).sort()).toEqual([
      'Thị trấn Tứ Kỳ',
      'Xã Minh Đức',
      'Xã Quang Khải',
      'Xã Quang Phục',
    ]);
  });

  it('puts the 2025 commune of that name first, then the rest of the former district', () => {
    const hits = search.search('tu ky');
    expect(hits[0]).toMatchObject({ code: TU_KY, matchedBy: 'name' });
    expect(new Set(codes(hits.slice(1, 6)))).toEqual(new Set(FROM_TU_KY_DISTRICT.slice(1)));
    expect(hits[1].reason).toContain('formerly Xã Đại Sơn, Huyện Tứ Kỳ, Tỉnh Hải Dương — Nhập toàn bộ');
  });

  it('reads "thị trấn", a type that no longer exists, as the old town', () => {
    expect(search.search('thi tran tu ky')[0]).toMatchObject({
      code: TU_KY,
      matchedBy: 'legacy',
      reason: 'formerly Thị trấn Tứ Kỳ, Huyện Tứ Kỳ, Tỉnh Hải Dương — Nhập toàn bộ',
    });
  });

  it('follows an old commune split between two new ones, narrowed by its district', () => {
    const hits = search.search('hung dao tu ky');
    expect(hits.map((h) => [h.code, h.legacy?.[0].mergeNote])).toEqual([
      ['11086', 'Nhập một phần diện tích, toàn bộ dân số'],
      ['11113', 'Nhập một phần diện tích'],
    ]);
  });

  it('explains a district made a special zone as a whole', () => {
    expect(search.search('huyen con dao')[0]).toMatchObject({
      code: '26732',
      name: 'Đặc khu Côn Đảo',
      provinceCode: '79',
      matchedBy: 'legacy',
      reason:
        'formerly Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu — Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo',
    });
  });
});

describe('search options', () => {
  it('keeps to one province, old names included', () => {
    const hits = search.search('ba dinh', { province: '38' });
    expect(codes(hits)).toEqual([BA_DINH_TH, '14797', '14812']);
    expect(hits[1]).toMatchObject({
      name: 'Phường Hạc Thành',
      reason: 'formerly Phường Ba Đình, Thành phố Thanh Hóa, Tỉnh Thanh Hóa — Nhập toàn bộ',
    });
  });

  it('gives 10 hits by default, 50 at most, 1 at least', () => {
    expect(search.search('tan')).toHaveLength(10);
    expect(search.search('tan', { limit: 500 })).toHaveLength(50);
    expect(search.search('tan', { limit: 0 })).toHaveLength(1);
    expect(search.search('tan', { limit: Number.NaN })).toHaveLength(10);
  });

  it('answers nothing to nothing', () => {
    expect(search.search('')).toEqual([]);
    expect(search.search(' - ')).toEqual([]);
  });
});

describe('suggestions for an unknown commune', () => {
  it('come from the search: an old code, a mistyped code, an old district', () => {
    expect(units.suggest('11101')[0]).toMatchObject({ code: TU_KY, name: 'Xã Tứ Kỳ', level: 'commune' });
    expect(units.suggest('00005').map((c) => c.code)).toContain(BA_DINH_HN);
    expect(units.suggest('huyen tu ky', 3)).toHaveLength(3);
  });
});

describe('the pre-2025 mapping', () => {
  it('lists what went into a 2025 commune', () => {
    expect(units.legacy).toHaveLength(10571);
    expect(
      units
        .mergedInto(TU_KY)
        .map((r) => r.oldCode)
        .sort(),
    ).toEqual(['11074', '11101', '11116', '11128']);
    expect(units.mergedInto('99999')).toEqual([]);
  });
});
