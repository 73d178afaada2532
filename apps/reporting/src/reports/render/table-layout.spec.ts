import { columnWidths, textWidthEm } from './table-layout';

const TOTAL = 9355; // A4 less 30 + 15 mm margins, in twips
const SIZE = 22; // 11 pt
const PADDING = 160;
const twips = (em: number) => em * SIZE * 10;

describe('columnWidths', () => {
  const columns = [
    { header: 'Mã', cells: ['0101', 'CP-INTERVENTION', 'HL-CONTACTS'], numeric: false },
    {
      header: 'Chỉ tiêu',
      cells: ['Số trẻ em bị xâm hại được can thiệp', 'Số cuộc liên hệ đến Tổng đài 111'],
      numeric: false,
    },
    { header: '6 tháng đầu năm 2026', cells: ['43', '1.254'], numeric: true },
    { header: '6 tháng đầu năm 2025', cells: ['17', '987'], numeric: true },
    { header: 'Tăng (+), giảm (-)', cells: ['26', '-6'], numeric: true },
    { header: 'Tỷ lệ tăng, giảm', cells: ['152,9%', '-15,8%'], numeric: true },
  ];

  it('fills the text width exactly, in whole twips', () => {
    const widths = columnWidths(columns, TOTAL, SIZE, PADDING);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(TOTAL);
    expect(widths.every(Number.isInteger)).toBe(true);
  });

  it('never makes a column narrower than its longest word, so Word breaks no word in two', () => {
    const widths = columnWidths(columns, TOTAL, SIZE, PADDING);
    expect(widths[0]).toBeGreaterThan(PADDING + twips(textWidthEm('INTERVENTION')));
    expect(widths[2]).toBeGreaterThan(PADDING + twips(textWidthEm('1.254')));
  });

  it('gives the labels people read more room than the codes beside them', () => {
    const [code, label] = columnWidths(columns, TOTAL, SIZE, PADDING);
    expect(label).toBeGreaterThan(code);
  });

  it('gives a short table’s spare width to its label column once the figures fit on one line', () => {
    const widths = columnWidths(
      [
        { header: 'Giới tính', cells: ['Nam', 'Nữ', 'Tổng số'], numeric: false },
        { header: '6 tháng đầu năm 2026', cells: ['1', '43'], numeric: true },
      ],
      TOTAL,
      SIZE,
      PADDING,
    );
    expect(widths[1]).toBeGreaterThan(PADDING + twips(textWidthEm('6 tháng đầu năm 2026', true)));
    expect(widths[0]).toBeGreaterThan(widths[1]);
  });

  it('estimates capitals wider than small letters, and diacritics as their base letter', () => {
    expect(textWidthEm('ĐÌNH')).toBeGreaterThan(textWidthEm('đình'));
    expect(textWidthEm('Ế')).toBe(textWidthEm('E'));
  });
});
