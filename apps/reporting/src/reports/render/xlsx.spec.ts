import { Workbook, type Worksheet } from 'exceljs';
import type { PeriodicReport } from '../report.model';
import { fixtureReport } from './report.fixture';
import { COVER_SHEET, renderXlsx, SheetNames } from './xlsx';

async function open(report: PeriodicReport): Promise<Workbook> {
  const wb = new Workbook();
  // exceljs declares an ArrayBuffer; hand it a copy of the bytes as one.
  await wb.xlsx.load(new Uint8Array(await renderXlsx(report)).buffer);
  return wb;
}

const rowValues = (ws: Worksheet, row: number, columns: number) =>
  Array.from({ length: columns }, (_, i) => ws.getCell(row, i + 1).value);

describe('renderXlsx of a ward’s half-year report', () => {
  let wb: Workbook;
  beforeAll(async () => {
    wb = await open(fixtureReport());
  });

  it('has a cover sheet, then one sheet per table in document order', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Thông tin',
      'I-xam-hai-hinh-thuc',
      'II.2-cap-do',
      'PL01-0101',
      'PL02-kenh',
    ]);
  });

  it('says on the cover whose figures these are, for which period and as known when', () => {
    const cover = wb.getWorksheet(COVER_SHEET)!;
    expect(cover.getCell('A1').value).toBe('Báo cáo kết quả công tác bảo vệ trẻ em 6 tháng đầu năm 2026');
    const facts = new Map<string, unknown[]>();
    cover.eachRow((row) => facts.set(row.getCell(1).text, [row.getCell(2).value, row.getCell(3).value]));
    expect(facts.get('Đơn vị báo cáo')).toEqual(['Phường Ba Đình', '00004']);
    expect(facts.get('Cấp')?.[0]).toBe('Cấp xã');
    expect(facts.get('Đơn vị cấp trên')?.[0]).toBe('Thành phố Hà Nội');
    expect(facts.get('Kỳ báo cáo')?.[0]).toBe('6 tháng đầu năm 2026 (01/01/2026 – 30/06/2026)');
    expect(facts.get('Kỳ so sánh')?.[0]).toBe('6 tháng đầu năm 2025 (01/01/2025 – 30/06/2025)');
    expect(facts.get('Số liệu tính đến')).toEqual([
      '17 giờ 00 ngày 30/06/2026 (giờ Việt Nam)',
      '2026-06-30T10:00:00.000Z',
    ]);
    expect(facts.get('Thời điểm tạo')).toEqual([
      '08 giờ 15 ngày 01/07/2026 (giờ Việt Nam)',
      '2026-07-01T01:15:00.000Z',
    ]);
    const link = facts.get('II.2-cap-do');
    expect(link?.[0]).toBe('Kết quả bảo vệ trẻ em theo cấp độ');
    expect(link?.[1]).toBe('Mục II.2');
    expect(facts.get('PL01-0101')?.[1]).toBe('Phụ lục 1');
    const linkCell = cover
      .getColumn(1)
      .values.find((v) => typeof v === 'object' && v !== null && 'hyperlink' in v);
    expect(linkCell).toEqual({ text: 'I-xam-hai-hinh-thuc', hyperlink: "#'I-xam-hai-hinh-thuc'!A1" });
  });

  it('writes each table with its title, a styled frozen header row and the figures as numbers', () => {
    const ws = wb.getWorksheet('II.2-cap-do')!;
    expect(ws.getCell('A1').value).toBe('Kết quả bảo vệ trẻ em theo cấp độ');
    expect(rowValues(ws, 2, 4)).toEqual(['Cấp độ', 'Nội dung', 'Kỳ này', 'Cùng kỳ năm trước']);
    expect(rowValues(ws, 3, 4)).toEqual([
      'Phòng ngừa',
      'Lượt tư vấn, cung cấp thông tin qua Tổng đài 111',
      1254,
      1187,
    ]);
    expect(rowValues(ws, 7, 4)).toEqual(['Can thiệp', 'Trường hợp áp dụng biện pháp khẩn cấp', 1, null]);
    expect(ws.getCell('C3').numFmt).toBe('#,##0');
    expect(ws.getCell('A2').font?.bold).toBe(true);
    expect(ws.getCell('A2').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getColumn(2).width).toBeGreaterThan(ws.getColumn(3).width!);
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(12);
  });

  it('keeps percentages as fractions with a percent format, and prints the note under the data', () => {
    const ws = wb.getWorksheet('I-xam-hai-hinh-thuc')!;
    expect(ws.getCell('E3').value).toBeCloseTo(-1 / 3, 10);
    expect(ws.getCell('E3').numFmt).toBe('0.0%');
    expect(rowValues(ws, 7, 5)).toEqual(['', 'Tổng số', 9, 12, -0.25]);
    expect(ws.getCell('A9').value).toBe(
      'Ghi chú: Một trẻ em chỉ tính một lần, theo hình thức xâm hại chính.',
    );
    const annex = wb.getWorksheet('PL02-kenh')!;
    expect(rowValues(annex, 6, 3)).toEqual(['Báo chí, mạng xã hội ("tin nóng")', 1, 1 / 14]);
  });
});

describe('sheet names', () => {
  it('are at most 31 characters, without forbidden characters, and unique regardless of case', () => {
    const names = new SheetNames(['Thông tin']);
    const long = 'II.2-can-thiep-theo-hinh-thuc-xam-hai-va-nhom-tuoi';
    expect(names.take(long)).toBe(long.slice(0, 31));
    expect(names.take(long)).toBe(`${long.slice(0, 29)}~2`);
    expect(names.take(long.toUpperCase())).toBe(`${long.toUpperCase().slice(0, 29)}~3`);
    expect(names.take('a/b:c?d*e[f]')).toBe('a-b-c-d-e-f-');
    expect(names.take("'quoted'")).toBe('quoted');
    expect(names.take('THÔNG TIN')).toBe('THÔNG TIN~2');
    expect(names.take('')).toBe('Bảng');
  });

  it('are applied to the workbook when the lead’s table ids collide', async () => {
    const base = fixtureReport();
    const annex = base.annexes[0];
    const wb = await open({ ...base, annexes: [annex, { ...annex, title: 'Bản sao' }] });
    expect(wb.worksheets.map((w) => w.name).slice(-2)).toEqual(['PL01-0101', 'PL01-0101~2']);
    expect(wb.getWorksheet('PL01-0101~2')!.getCell('A1').value).toBe('Bản sao');
  });
});
