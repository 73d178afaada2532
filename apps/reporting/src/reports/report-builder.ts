import type { Dimension } from '../statistics/indicators';
import type { Period } from '../statistics/period';
import type { IndicatorResult, StatisticsResult } from '../statistics/statistics.service';
import type { PeriodicReport, ReportBlock, ReportColumn, ReportTable, ReportUnit } from './report.model';
import { DIMENSION_TITLES, LABELS } from './report-labels';

export interface ReportInputs {
  unit: ReportUnit;
  period: Period;
  comparison: Period;
  current: StatisticsResult;
  previous: StatisticsResult;
  /** Cases open at the end of the period (carried to the next), and how many are overdue now. */
  carriedOver: { open: number; overdue: number };
  unitName: (code: string) => string;
  generatedAt: string;
}

const isoDate = (instant: string): string =>
  new Date(Date.parse(instant) + 7 * 3600_000).toISOString().slice(0, 10);
/** Last day (inclusive) of a period whose end is exclusive. */
const lastDay = (instant: string): string => isoDate(new Date(Date.parse(instant) - 1).toISOString());

/**
 * Fills the ministry's periodic report structure (I situation; II results, with child protection at the
 * three levels; III comparison with the same period of the previous year; IV plan for the next period;
 * data annexes) with the indicators of the period and of the same period a year earlier.
 */
export function buildPeriodicReport(x: ReportInputs): PeriodicReport {
  const now = indicatorMap(x.current);
  const before = indicatorMap(x.previous);
  const total = (code: string, m = now) => m.get(code)?.total ?? 0;
  const label = (dim: string, value: string) =>
    dim === 'province' || dim === 'commune' ? x.unitName(value) : (LABELS[dim]?.[value] ?? value);

  // The figure of the period and of the same period a year earlier, side by side.
  const periodColumns: ReportColumn[] = [
    { key: 'current', label: x.period.label, kind: 'number' },
    { key: 'previous', label: x.comparison.label, kind: 'number' },
  ];
  const indicatorColumns: ReportColumn[] = [
    { key: 'code', label: 'Mã', kind: 'text' },
    { key: 'name', label: 'Chỉ tiêu', kind: 'text' },
    ...periodColumns,
  ];

  const breakdown = (code: string, dim: Dimension, id: string, title: string): ReportTable => {
    const values = new Set<string>([
      ...(now.get(code)?.by[dim] ?? []).map((r) => r.value),
      ...(before.get(code)?.by[dim] ?? []).map((r) => r.value),
    ]);
    const count = (m: Map<string, IndicatorResult>, v: string) =>
      m.get(code)?.by[dim]?.find((r) => r.value === v)?.count ?? 0;
    const rows = [...values]
      .sort((a, b) => count(now, b) - count(now, a) || a.localeCompare(b))
      .map((v) => ({ value: label(dim, v), current: count(now, v), previous: count(before, v) }));
    rows.push({ value: 'Tổng số', current: total(code), previous: total(code, before) });
    return {
      id,
      title,
      columns: [
        { key: 'value', label: capitalise(DIMENSION_TITLES[dim] ?? dim), kind: 'text' },
        ...periodColumns,
      ],
      rows,
    };
  };

  const formChart: ReportBlock = {
    kind: 'chart',
    chart: {
      id: 'chart-0101-form',
      title: 'Trẻ em bị xâm hại theo hình thức xâm hại',
      kind: 'bar',
      categories: Object.keys(LABELS.form)
        .filter((f) => f !== 'unknown')
        .map((f) => LABELS.form[f]),
      series: [x.current, x.previous].map((s, i) => ({
        name: i === 0 ? x.period.label : x.comparison.label,
        values: Object.keys(LABELS.form)
          .filter((f) => f !== 'unknown')
          .map((f) => (i === 0 ? now : before).get('0101')?.by.form?.find((r) => r.value === f)?.count ?? 0),
      })),
    },
  };

  const figureRows = (codes: string[]) =>
    codes
      .filter((c) => now.has(c))
      .map((c) => ({
        code: c,
        name: now.get(c)!.name.vi,
        current: total(c),
        previous: total(c, before),
        change: total(c) - total(c, before),
        ratio: total(c, before) ? total(c) / total(c, before) - 1 : null,
      }));
  const figureTable = (id: string, title: string, codes: string[]): ReportTable => ({
    id,
    title,
    columns: [
      ...indicatorColumns,
      { key: 'change', label: 'Tăng (+), giảm (-)', kind: 'number' },
      { key: 'ratio', label: 'Tỷ lệ tăng, giảm', kind: 'percent' },
    ],
    rows: figureRows(codes),
  });

  const deadlineKinds = new Set<string>();
  for (const c of ['CP-DEADLINES-MET', 'CP-DEADLINES-LATE', 'CP-DEADLINES-MISSED'])
    for (const r of now.get(c)?.by.deadline_kind ?? []) deadlineKinds.add(r.value);
  const dl = (code: string, kind: string) =>
    now.get(code)?.by.deadline_kind?.find((r) => r.value === kind)?.count ?? 0;
  const deadlineTable: ReportTable = {
    id: 'II.3-deadlines',
    title: 'Việc bảo đảm thời hạn theo Nghị định 56/2017/NĐ-CP',
    columns: [
      { key: 'kind', label: 'Thời hạn', kind: 'text' },
      { key: 'met', label: 'Đúng hạn', kind: 'number' },
      { key: 'late', label: 'Muộn', kind: 'number' },
      { key: 'missed', label: 'Quá hạn', kind: 'number' },
      { key: 'rate', label: 'Tỷ lệ đúng hạn', kind: 'percent' },
    ],
    rows: [...deadlineKinds].sort().map((k) => {
      const met = dl('CP-DEADLINES-MET', k);
      const late = dl('CP-DEADLINES-LATE', k);
      const missed = dl('CP-DEADLINES-MISSED', k);
      return {
        kind: label('deadline_kind', k),
        met,
        late,
        missed,
        rate: met + late + missed ? met / (met + late + missed) : null,
      };
    }),
    note: 'Một thời hạn quá hạn rồi được thực hiện muộn được tính ở cả cột "Muộn" và "Quá hạn"; tỷ lệ đúng hạn = đúng hạn / (đúng hạn + muộn + quá hạn).',
  };

  const abused = total('0101');
  const abusedBefore = total('0101', before);
  const sections: PeriodicReport['sections'] = [
    {
      number: 'I',
      title: 'Tình hình trẻ em bị xâm hại và có nguy cơ',
      blocks: [
        {
          kind: 'paragraph',
          text:
            `Trong ${x.period.label}, trên địa bàn ${x.unit.name} đã phát hiện, tiếp nhận thông tin về ${abused} trẻ em bị xâm hại ` +
            `(${x.comparison.label}: ${abusedBefore} trẻ em; ${compare(abused, abusedBefore)}).`,
        },
        {
          kind: 'table',
          table: breakdown(
            '0101',
            'form',
            'I-0101-form',
            'Trẻ em bị xâm hại theo hình thức xâm hại (chỉ tiêu 0101)',
          ),
        },
        formChart,
        { kind: 'table', table: breakdown('0101', 'sex', 'I-0101-sex', 'Trẻ em bị xâm hại theo giới tính') },
        {
          kind: 'table',
          table: breakdown('0101', 'age_group', 'I-0101-age', 'Trẻ em bị xâm hại theo nhóm tuổi'),
        },
        {
          kind: 'table',
          table: breakdown('0101', 'setting', 'I-0101-setting', 'Trẻ em bị xâm hại theo môi trường xảy ra'),
        },
        {
          kind: 'narrative',
          prompt: '(Nhận định về tình hình, nguyên nhân, địa bàn và nhóm trẻ em có nguy cơ cao)',
        },
      ],
    },
    {
      number: 'II',
      title: 'Kết quả thực hiện công tác bảo vệ trẻ em',
      blocks: [
        {
          kind: 'subsection',
          section: {
            number: 'II.1',
            title: 'Công tác chỉ đạo, ban hành văn bản, truyền thông',
            blocks: [
              { kind: 'narrative', prompt: '(Các văn bản đã ban hành, hoạt động truyền thông, tập huấn)' },
            ],
          },
        },
        {
          kind: 'subsection',
          section: {
            number: 'II.2',
            title: 'Công tác bảo vệ trẻ em ở 3 cấp độ: phòng ngừa, hỗ trợ, can thiệp',
            blocks: [
              {
                kind: 'paragraph',
                text:
                  `a) Phòng ngừa: Tổng đài 111 đã tiếp nhận ${total('HL-CONTACTS')} cuộc liên hệ liên quan đến địa bàn, ` +
                  `trong đó ${total('HL-REPORTS')} thông báo, tố giác; ${total('HL-REFERRALS')} vụ việc được chuyển tuyến về địa phương.`,
              },
              {
                kind: 'paragraph',
                text:
                  `b) Hỗ trợ: ${total('CP-SUPPORT')} trẻ em có nguy cơ, có hoàn cảnh đặc biệt được hỗ trợ theo kế hoạch ` +
                  `(${x.comparison.label}: ${total('CP-SUPPORT', before)}).`,
              },
              {
                kind: 'paragraph',
                text:
                  `c) Can thiệp: ${total('CP-INTERVENTION')} trẻ em bị xâm hại được can thiệp; ${total('CP-EMERGENCY')} trẻ em được áp dụng ` +
                  `biện pháp khẩn cấp; ${total('CP-SEPARATION')} trẻ em được tạm thời cách ly khỏi người chăm sóc; ` +
                  `${total('CP-PLANS-APPROVED')} kế hoạch hỗ trợ, can thiệp được phê duyệt và ${total('CP-PLANS-ENDED')} kế hoạch đã kết thúc.`,
              },
              {
                kind: 'table',
                table: figureTable('II.2-levels', 'Kết quả bảo vệ trẻ em ở 3 cấp độ', [
                  'HL-CONTACTS',
                  'HL-REPORTS',
                  'HL-REFERRALS',
                  'CP-SUPPORT',
                  'CP-INTERVENTION',
                  'CP-EMERGENCY',
                  'CP-SEPARATION',
                  'CP-PLANS-APPROVED',
                  'CP-PLANS-ENDED',
                ]),
              },
              {
                kind: 'narrative',
                prompt: '(Các dịch vụ đã cung cấp, sự phối hợp của các cơ quan, tổ chức)',
              },
            ],
          },
        },
        {
          kind: 'subsection',
          section: {
            number: 'II.3',
            title: 'Việc thực hiện quy trình và thời hạn',
            blocks: [{ kind: 'table', table: deadlineTable }],
          },
        },
      ],
    },
    {
      number: 'III',
      title: 'Đánh giá chung, so sánh với cùng kỳ năm trước',
      blocks: [
        {
          kind: 'table',
          table: figureTable('III-comparison', `So sánh với ${x.comparison.label}`, [...now.keys()]),
        },
        { kind: 'narrative', prompt: '(Ưu điểm, hạn chế, khó khăn, vướng mắc và nguyên nhân)' },
      ],
    },
    {
      number: 'IV',
      title: 'Phương hướng, nhiệm vụ kỳ tới',
      blocks: [
        {
          kind: 'paragraph',
          text:
            `Chuyển sang kỳ tới ${x.carriedOver.open} vụ việc đang xử lý` +
            (x.carriedOver.overdue ? `, trong đó ${x.carriedOver.overdue} vụ việc có thời hạn đã quá.` : '.'),
        },
        { kind: 'narrative', prompt: '(Nhiệm vụ, giải pháp trọng tâm và kiến nghị, đề xuất)' },
      ],
    },
  ];

  const annexes: ReportTable[] = [
    {
      id: 'PL01',
      title: 'Phụ lục 1. Các chỉ tiêu thống kê',
      columns: [...indicatorColumns, { key: 'basis', label: 'Căn cứ', kind: 'text' }],
      rows: [...now.values()].map((i) => ({
        code: i.code,
        name: i.name.vi,
        current: i.total,
        previous: before.get(i.code)?.total ?? 0,
        basis: i.basis,
      })),
    },
    ...(['sex', 'age_group', 'setting', 'form'] as Dimension[]).map((d, i) =>
      breakdown('0101', d, `PL02-${i + 1}`, `Phụ lục 2.${i + 1}. Chỉ tiêu 0101 theo ${DIMENSION_TITLES[d]}`),
    ),
  ];
  if (x.unit.level !== 'commune') {
    const dim: Dimension = x.unit.level === 'nation' ? 'province' : 'commune';
    annexes.push(breakdown('0101', dim, 'PL03', `Phụ lục 3. Chỉ tiêu 0101 theo ${DIMENSION_TITLES[dim]}`));
  }

  return {
    unit: x.unit,
    period: {
      kind: x.period.kind,
      year: x.period.year,
      from: isoDate(x.period.from),
      to: lastDay(x.period.to),
      label: x.period.label,
    },
    comparisonPeriod: {
      from: isoDate(x.comparison.from),
      to: lastDay(x.comparison.to),
      label: x.comparison.label,
    },
    asKnownAt: x.current.asKnownAt,
    generatedAt: x.generatedAt,
    title: `Kết quả công tác bảo vệ trẻ em ${x.period.label}`,
    sections,
    annexes,
  };
}

function indicatorMap(r: StatisticsResult): Map<string, IndicatorResult> {
  return new Map(r.indicators.map((i) => [i.code, i]));
}

function compare(now: number, before: number): string {
  if (now === before) return 'bằng cùng kỳ';
  const diff = now - before;
  const pct = before
    ? ` (${diff > 0 ? '+' : ''}${String(Math.round((diff / before) * 1000) / 10).replace('.', ',')}%)`
    : '';
  return `${diff > 0 ? 'tăng' : 'giảm'} ${Math.abs(diff)} trẻ em so với cùng kỳ${pct}`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
