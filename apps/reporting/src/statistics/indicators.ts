import type { FactKind } from './stat-fold';

/**
 * An indicator is data, not code (docs/reporting.md): which facts it counts, what it counts (distinct children,
 * cases or contacts — each once per period however many events mention them — or the facts themselves),
 * filters on the facts' columns, and the disaggregations it is published with. New indicators are rows in
 * `rm_indicators`, added by an admin without a release.
 */
export interface IndicatorDefinition {
  code: string;
  name: { vi: string; en: string };
  /** What counts, in words, for the reader of a report. */
  counts: string;
  basis: string;
  facts: FactKind[];
  subject: Subject;
  where?: Partial<Record<FilterColumn, Array<string | boolean>>>;
  dimensions: Dimension[];
}

export const SUBJECTS = ['child', 'case', 'contact', 'fact'] as const;
export type Subject = (typeof SUBJECTS)[number];

export const FILTER_COLUMNS = [
  'abused',
  'level',
  'category',
  'outcome',
  'purpose',
  'channel',
  'deadline_kind',
  'form',
  'setting',
  'sex',
  'issue',
] as const;
export type FilterColumn = (typeof FILTER_COLUMNS)[number];

export const DIMENSIONS = [
  'sex',
  'age_group',
  'setting',
  'form',
  'category',
  'level',
  'province',
  'commune',
  'channel',
  'purpose',
  'issue',
  'deadline_kind',
  'outcome',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Age groups of the child at the report (years, inclusive bounds). */
export const AGE_GROUPS: ReadonlyArray<{ code: string; from: number; to: number }> = [
  { code: '0-2', from: 0, to: 2 },
  { code: '3-5', from: 3, to: 5 },
  { code: '6-10', from: 6, to: 10 },
  { code: '11-15', from: 11, to: 15 },
  { code: '16-17', from: 16, to: 17 },
];

export const FACT_KINDS: readonly FactKind[] = [
  'child_reported',
  'emergency_measure',
  'separation',
  'plan_approved',
  'plan_ended',
  'service_delivered',
  'level_decided',
  'deadline_met',
  'deadline_missed',
  'case_closed',
  'contact',
  'referral',
];

const CIRCULAR_13 = 'Circular 13/2021/TT-BLĐTBXH';

export const DEFAULT_INDICATORS: IndicatorDefinition[] = [
  {
    code: '0101',
    name: { vi: 'Số trẻ em bị xâm hại', en: 'Children abused' },
    counts: 'Children reported in the period with a form of abuse (or as abused on Mẫu 01), each child once.',
    basis: `${CIRCULAR_13}, indicator 0101`,
    facts: ['child_reported'],
    subject: 'child',
    where: { abused: [true] },
    dimensions: ['sex', 'age_group', 'setting', 'form', 'province', 'commune'],
  },
  {
    code: 'CP-SUPPORT',
    name: {
      vi: 'Số trẻ em có nguy cơ, có hoàn cảnh đặc biệt được hỗ trợ',
      en: 'Children at risk or in special circumstances who received support',
    },
    counts:
      'Children of support-level cases whose plan was approved or who received a service in the period.',
    basis: 'Law on Children 2016 Art. 49; Decree 56/2017 Art. 25–27',
    facts: ['plan_approved', 'service_delivered'],
    subject: 'child',
    where: { level: ['support'] },
    dimensions: ['sex', 'age_group', 'category', 'province', 'commune'],
  },
  {
    code: 'CP-INTERVENTION',
    name: { vi: 'Số trẻ em bị xâm hại được can thiệp', en: 'Abused children who received intervention' },
    counts:
      'Abused children of intervention-level cases with emergency measures, an approved plan or a service.',
    basis: 'Law on Children 2016 Art. 50; Decree 56/2017 Art. 24–27',
    facts: ['emergency_measure', 'plan_approved', 'service_delivered'],
    subject: 'child',
    where: { level: ['intervention'], abused: [true] },
    dimensions: ['sex', 'age_group', 'form', 'province', 'commune'],
  },
  {
    code: 'CP-EMERGENCY',
    name: {
      vi: 'Số trẻ em được áp dụng biện pháp khẩn cấp',
      en: 'Children under emergency protection measures',
    },
    counts: 'Children of cases where emergency measures were taken in the period.',
    basis: 'Decree 56/2017 Art. 24',
    facts: ['emergency_measure'],
    subject: 'child',
    dimensions: ['sex', 'age_group', 'province', 'commune'],
  },
  {
    code: 'CP-SEPARATION',
    name: { vi: 'Số trẻ em được tạm thời cách ly', en: 'Children temporarily separated from their carer' },
    counts: 'Children temporarily separated from the carer who abused them (Mẫu 07) in the period.',
    basis: 'Law on Children 2016 Art. 50; Decree 56/2017 Art. 24',
    facts: ['separation'],
    subject: 'child',
    dimensions: ['sex', 'age_group', 'province', 'commune'],
  },
  {
    code: 'CP-PLANS-APPROVED',
    name: {
      vi: 'Số kế hoạch hỗ trợ, can thiệp được phê duyệt',
      en: 'Support or intervention plans approved',
    },
    counts: 'Cases whose plan the chair approved in the period.',
    basis: 'Decree 56/2017 Art. 26',
    facts: ['plan_approved'],
    subject: 'case',
    dimensions: ['level', 'province', 'commune'],
  },
  {
    code: 'CP-PLANS-ENDED',
    name: {
      vi: 'Số kế hoạch hỗ trợ, can thiệp đã kết thúc',
      en: 'Plans ended with the child safe and stable',
    },
    counts: 'Cases whose plan ended in the period (a review found the child safe and stable).',
    basis: 'Decree 56/2017 Art. 30',
    facts: ['plan_ended'],
    subject: 'case',
    dimensions: ['level', 'province', 'commune'],
  },
  {
    code: 'CP-DEADLINES-MET',
    name: { vi: 'Số thời hạn được bảo đảm đúng hạn', en: 'Deadlines met on time' },
    counts: 'Legal deadlines whose step was done on time in the period, by kind.',
    basis: 'Decree 56/2017 Art. 24–29',
    facts: ['deadline_met'],
    subject: 'fact',
    where: { outcome: ['on_time'] },
    dimensions: ['deadline_kind', 'province', 'commune'],
  },
  {
    code: 'CP-DEADLINES-LATE',
    name: { vi: 'Số thời hạn thực hiện muộn', en: 'Deadlines met late' },
    counts: 'Legal deadlines whose step was done after the due time, in the period, by kind.',
    basis: 'Decree 56/2017 Art. 24–29',
    facts: ['deadline_met'],
    subject: 'fact',
    where: { outcome: ['late'] },
    dimensions: ['deadline_kind', 'province', 'commune'],
  },
  {
    code: 'CP-DEADLINES-MISSED',
    name: { vi: 'Số thời hạn bị quá hạn', en: 'Deadlines missed' },
    counts: 'Legal deadlines that passed in the period without their step (whether done later or not).',
    basis: 'Decree 56/2017 Art. 24–29',
    facts: ['deadline_missed'],
    subject: 'fact',
    dimensions: ['deadline_kind', 'province', 'commune'],
  },
  {
    code: 'HL-CONTACTS',
    name: { vi: 'Số cuộc liên hệ đến Tổng đài 111', en: 'Hotline 111 contacts' },
    counts:
      'Contacts received by the hotline in the period (each contact once), by purpose, channel and issue.',
    basis: 'Hotline 111 statistics (docs/reporting.md)',
    facts: ['contact'],
    subject: 'contact',
    dimensions: ['purpose', 'channel', 'issue'],
  },
  {
    code: 'HL-REPORTS',
    name: { vi: 'Số thông báo, tố giác qua Tổng đài 111', en: 'Reports of abuse or risk to the hotline' },
    counts: 'Hotline contacts whose purpose was a report of abuse or risk.',
    basis: 'Hotline 111 statistics (docs/reporting.md)',
    facts: ['contact'],
    subject: 'contact',
    where: { purpose: ['report'] },
    dimensions: ['channel', 'issue'],
  },
  {
    code: 'HL-REFERRALS',
    name: { vi: 'Số vụ việc Tổng đài chuyển tuyến về xã', en: 'Hotline referrals to communes' },
    counts: 'Reports the hotline referred to a commune in the period.',
    basis: 'Decree 56/2017 Art. 20',
    facts: ['referral'],
    subject: 'contact',
    dimensions: ['issue', 'province', 'commune'],
  },
];

/** Checks an indicator definition from an admin; returns the problems by field (empty = valid). */
export function indicatorProblems(d: unknown): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const x = d as Partial<IndicatorDefinition> | null;
  if (!x || typeof x !== 'object') return [{ field: '', message: 'must be an object' }];
  if (typeof x.code !== 'string' || !/^[A-Z0-9][A-Z0-9-]{1,31}$/.test(x.code))
    out.push({ field: 'code', message: 'must be 2–32 upper-case letters, digits or dashes' });
  if (!x.name || typeof x.name.vi !== 'string' || !x.name.vi.trim())
    out.push({ field: 'name.vi', message: 'is required' });
  if (!x.name || typeof x.name.en !== 'string' || !x.name.en.trim())
    out.push({ field: 'name.en', message: 'is required' });
  if (typeof x.counts !== 'string' || !x.counts.trim()) out.push({ field: 'counts', message: 'is required' });
  if (typeof x.basis !== 'string') out.push({ field: 'basis', message: 'is required' });
  if (!Array.isArray(x.facts) || x.facts.length === 0)
    out.push({ field: 'facts', message: `must list one or more of ${FACT_KINDS.join(', ')}` });
  else
    x.facts.forEach((f, i) => {
      if (!FACT_KINDS.includes(f))
        out.push({ field: `facts[${i}]`, message: `must be one of ${FACT_KINDS.join(', ')}` });
    });
  if (!SUBJECTS.includes(x.subject as Subject))
    out.push({ field: 'subject', message: `must be one of ${SUBJECTS.join(', ')}` });
  if (x.where !== undefined) {
    if (!x.where || typeof x.where !== 'object') out.push({ field: 'where', message: 'must be an object' });
    else
      for (const [k, v] of Object.entries(x.where)) {
        if (!FILTER_COLUMNS.includes(k as FilterColumn))
          out.push({ field: `where.${k}`, message: `is not a filter; use ${FILTER_COLUMNS.join(', ')}` });
        else if (
          !Array.isArray(v) ||
          v.length === 0 ||
          !v.every((s) => typeof s === 'string' || typeof s === 'boolean')
        )
          out.push({ field: `where.${k}`, message: 'must be a non-empty list of values' });
      }
  }
  if (!Array.isArray(x.dimensions)) out.push({ field: 'dimensions', message: 'must be a list' });
  else
    x.dimensions.forEach((dim, i) => {
      if (!DIMENSIONS.includes(dim))
        out.push({ field: `dimensions[${i}]`, message: `must be one of ${DIMENSIONS.join(', ')}` });
    });
  return out;
}
