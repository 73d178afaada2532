import { foldText, splitType, typeOnly } from './fold';
import { parseCsv, parseLegacyCommunes } from './legacy-csv';

describe('reading the pre-2025 mapping', () => {
  it('reads quoted fields with commas and quotes, CRLF or LF', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\nd,,\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['d', '', ''],
    ]);
  });

  it('names the columns, one Unicode form and single spaces', () => {
    const csv =
      'new_commune_code,new_commune_name,new_province_code,old_commune_code,old_commune_name,old_district_code,old_district_name,old_province_code,old_province_name,merge_note\n' +
      '11086,Xã Đại Sơn,31,11086,Xã Hưng Đạo,298,Huyện Tứ Kỳ,30,Tỉnh Hải Dương,"Nhập một phần diện tích, toàn bộ dân số"\n' +
      `32017,Phường 6,96,32017,Phường  6,964,Thành phố Cà Mau,96,${'Tỉnh Cà Mau'.normalize('NFD')},Nhập toàn bộ\n`;
    expect(parseLegacyCommunes(csv)).toEqual([
      {
        oldCode: '11086',
        oldName: 'Xã Hưng Đạo',
        oldDistrictCode: '298',
        oldDistrictName: 'Huyện Tứ Kỳ',
        oldProvinceCode: '30',
        oldProvinceName: 'Tỉnh Hải Dương',
        newCode: '11086',
        mergeNote: 'Nhập một phần diện tích, toàn bộ dân số',
      },
      expect.objectContaining({ oldName: 'Phường 6', oldProvinceName: 'Tỉnh Cà Mau' }),
    ]);
  });

  it('refuses a file without the expected columns', () => {
    expect(() => parseLegacyCommunes('code,name\n1,x\n')).toThrow(/new_commune_code/);
  });
});

describe('folding what is typed', () => {
  it('drops diacritics from composed and decomposed text, đ → d, apostrophes, punctuation', () => {
    expect(foldText('Xã Tứ Kỳ')).toBe('xa tu ky');
    expect(foldText('Xã Tứ Kỳ'.normalize('NFD'))).toBe('xa tu ky');
    expect(foldText('ĐẶC KHU Côn Đảo')).toBe('dac khu con dao');
    expect(foldText('Xã Ea H’Leo')).toBe('xa ea hleo');
    expect(foldText(' Phan Rang-Tháp Chàm, ')).toBe('phan rang thap cham');
  });

  it('splits a leading type word off, abbreviations only when asked', () => {
    expect(splitType(['thi', 'tran', 'tu', 'ky'])).toEqual({ type: 'thi tran', rest: ['tu', 'ky'] });
    expect(splitType(['phuong'])).toEqual({ type: null, rest: ['phuong'] });
    expect(splitType(['tt', 'tu', 'ky'])).toEqual({ type: null, rest: ['tt', 'tu', 'ky'] });
    expect(splitType(['tt', 'tu', 'ky'], true)).toEqual({ type: 'thi tran', rest: ['tu', 'ky'] });
    expect(typeOnly(['dac', 'khu'])).toBe('dac khu');
    expect(typeOnly(['dac', 'khu', 'co', 'to'])).toBeNull();
  });
});
