import { AdminUnits } from '@cp/admin-units';
import { editDistance, likelySameChild } from './duplicates';

const child = (name: string | null, ageYears: number | null, birthYear: number | null = null) => ({
  childRef: 'x',
  name: name ? AdminUnits.fold(name) : null,
  ageYears,
  birthYear,
  residenceCommuneCode: null,
});

describe('possible duplicates', () => {
  it('matches the same child written with or without diacritics', () => {
    const m = likelySameChild(child('Nguyễn Thị Hoa', 9), child('nguyen thi hoa', 9), { sameCommune: true });
    expect(m).toEqual({ score: 0.95, reasons: ['same name', 'same age', 'same commune'] });
  });

  it('tolerates a typo and an estimated age a year off', () => {
    const m = likelySameChild(child('Nguyễn Thị Hoa', 9), child('Nguyen Thi Hao', 10), {
      sameCommune: false,
    });
    expect(m?.reasons).toEqual(['name differs by 2 letters', 'ages 1 year apart']);
  });

  it('tells apart children with other names or ages', () => {
    expect(
      likelySameChild(child('Nguyễn Thị Hoa', 9), child('Trần Văn Nam', 9), { sameCommune: true }),
    ).toBeNull();
    expect(
      likelySameChild(child('Nguyễn Thị Hoa', 9), child('Nguyễn Thị Hoa', 15), { sameCommune: true }),
    ).toBeNull();
    expect(
      likelySameChild(child('Nguyễn Thị Hoa', null, 2015), child('Nguyễn Thị Hoa', null, 2010), {
        sameCommune: true,
      }),
    ).toBeNull();
  });

  it('shows an unnamed child only on a strong coincidence of commune, residence and year of birth', () => {
    expect(likelySameChild(child(null, 7), child('Lê Minh', 7), { sameCommune: true })).toBeNull();
    const a = { ...child(null, null, 2018), residenceCommuneCode: '00004' };
    const b = { ...child('Lê Minh', null, 2018), residenceCommuneCode: '00004' };
    expect(likelySameChild(a, b, { sameCommune: true })?.reasons).toEqual([
      'same year of birth',
      'same commune',
      'lives in the same commune',
    ]);
  });

  it('computes bounded edit distances', () => {
    expect(editDistance('hoa', 'hao')).toBe(2);
    expect(editDistance('nguyen', 'nguyen')).toBe(0);
    expect(editDistance('abcdefgh', 'a', 2)).toBe(3);
  });
});
