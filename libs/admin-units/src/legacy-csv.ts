/**
 * A pre-2025 commune and the 2025 commune it went into (a row of admin-units-2025-07-from-legacy.csv).
 * An old commune split between several new ones has one row per new commune; a whole district made a
 * special zone (đặc khu) has a row without an old commune.
 */
export interface LegacyCommune {
  /** Empty where a whole district became one unit. */
  oldCode: string;
  oldName: string;
  oldDistrictCode: string;
  oldDistrictName: string;
  oldProvinceCode: string;
  oldProvinceName: string;
  newCode: string;
  /** As the official table words it: "Nhập toàn bộ", "Nhập một phần", "Giữ nguyên", … */
  mergeNote: string;
}

const COLUMNS = [
  'new_commune_code',
  'new_commune_name',
  'new_province_code',
  'old_commune_code',
  'old_commune_name',
  'old_district_code',
  'old_district_name',
  'old_province_code',
  'old_province_name',
  'merge_note',
] as const;

/** RFC 4180: commas and doubled quotes inside quoted fields (which may span lines), CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) === 34) {
      // Quoted field: up to the lone closing quote.
      let field = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new Error('an unterminated quoted field in the CSV');
        if (text.charCodeAt(q + 1) === 34) {
          field += text.slice(from, q + 1);
          from = q + 2;
        } else {
          field += text.slice(from, q);
          i = q + 1;
          break;
        }
      }
      row.push(field);
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || c === 13) break;
        end++;
      }
      row.push(text.slice(i, end));
      i = end;
    }
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      if (i === n) row.push('');
    } else {
      // End of the row (or of the text).
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** Names as shown: one Unicode form (the file mixes NFC and NFD) and single spaces ("Phường  6"). */
const clean = (s: string) =>
  (/[\u0300-\u036f]/.test(s) ? s.normalize('NFC') : s).replace(/\s{2,}/g, ' ').trim();

export function parseLegacyCommunes(csv: string): LegacyCommune[] {
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  const at = COLUMNS.map((name) => {
    const i = header?.indexOf(name) ?? -1;
    if (i < 0) throw new Error(`the pre-2025 mapping lacks the column ${name}`);
    return i;
  });
  const [newCode, , , oldCode, oldName, districtCode, districtName, provinceCode, provinceName, note] = at;
  return rows.map((r) => ({
    oldCode: clean(r[oldCode] ?? ''),
    oldName: clean(r[oldName] ?? ''),
    oldDistrictCode: clean(r[districtCode] ?? ''),
    oldDistrictName: clean(r[districtName] ?? ''),
    oldProvinceCode: clean(r[provinceCode] ?? ''),
    oldProvinceName: clean(r[provinceName] ?? ''),
    newCode: clean(r[newCode] ?? ''),
    mergeNote: clean(r[note] ?? ''),
  }));
}
