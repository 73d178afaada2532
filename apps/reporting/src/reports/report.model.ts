/**
 * A periodic child-protection report (báo cáo định kỳ công tác bảo vệ trẻ em): what a commune,
 * a province or the nation reports to the level above every half-year and year (docs/reporting.md).
 *
 * The model is the content only — figures already computed from the statistics and the fixed text
 * of the ministry's template — so the same report renders as DOCX (the signed document), XLSX (the
 * figures for the level above to aggregate) and CSV (for a statistician). Nothing here is personal
 * data: only counts by unit, period and disaggregation (Decree 56 Art. 33).
 */
export interface PeriodicReport {
  unit: ReportUnit;
  period: ReportPeriod;
  /** The same period of the previous year (cùng kỳ năm trước), for section III's comparison. */
  comparisonPeriod: { from: string; to: string; label: string };
  /** The figures are as the event log knew them at this instant (ISO 8601); late facts change a re-run. */
  asKnownAt: string;
  /** When this rendering was produced (ISO 8601). */
  generatedAt: string;
  /** E.g. 'Báo cáo kết quả công tác bảo vệ trẻ em 6 tháng đầu năm 2026' (without the word 'BÁO CÁO'). */
  title: string;
  /** Sections I..IV of the ministry's template, in order. */
  sections: ReportSection[];
  /** Data annexes (phụ lục số liệu), rendered after the signature block. */
  annexes: ReportTable[];
  /**
   * Optional details of the document's heading and signature block; the renderers fall back to the
   * usual People's Committee wording and leave dotted blanks for what the office fills in by hand.
   */
  issuer?: ReportIssuer;
}

export interface ReportUnit {
  /** Statistics-office code: 5 digits for a commune, 2 for a province, 'VN' for the nation. */
  code: string;
  /** Official name, e.g. 'Phường Ba Đình', 'Thành phố Hà Nội'. */
  name: string;
  level: 'commune' | 'province' | 'nation';
  /** Name of the unit above (the province of a commune); null for a province or the nation. */
  parentName: string | null;
}

export interface ReportPeriod {
  kind: 'half_year' | 'year' | 'custom';
  year: number;
  /** First day, ISO date (inclusive). */
  from: string;
  /** Last day, ISO date (inclusive). */
  to: string;
  /** E.g. '6 tháng đầu năm 2026', 'năm 2026'. */
  label: string;
}

export interface ReportIssuer {
  /** Lines of the left heading as printed, e.g. ['ỦY BAN NHÂN DÂN', 'PHƯỜNG BA ĐÌNH']. */
  headingLines?: string[];
  /** The issuing body in running text, e.g. 'Ủy ban nhân dân Phường Ba Đình' (annex captions). */
  name?: string;
  /** Document number and symbol, e.g. '125/BC-UBND'; default a blank '…/BC-UBND'. */
  documentNumber?: string;
  /** Place name in the date line ('Ba Đình, ngày …'); default the unit name without its type word. */
  place?: string;
  /** Date of signature (ISO date); default blank (dotted) for the office to fill in. */
  signedOn?: string;
  /** Signature block, e.g. ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']. */
  signatureTitle?: string[];
  /** Name of the signer; default left blank. */
  signerName?: string;
  /** 'Nơi nhận:' list without the dashes and final punctuation; default the level above and the archive. */
  recipients?: string[];
}

export interface ReportSection {
  /** 'I', 'II', 'II.2', … — the renderer prints the last part ('2.') in a subsection heading. */
  number: string;
  title: string;
  blocks: ReportBlock[];
}

export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  /** Space for the officer's own text, e.g. '(Đánh giá chung về kết quả đạt được, hạn chế, nguyên nhân)'. */
  | { kind: 'narrative'; prompt: string }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'chart'; chart: ReportChart }
  | { kind: 'subsection'; section: ReportSection };

export type ReportCellValue = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  /** 'percent' values are fractions (0.125 = 12,5 %), so they can be summed and re-divided. */
  kind: 'text' | 'number' | 'percent';
}

export interface ReportTable {
  /** Stable identifier, e.g. 'PL01' or 'II.2-interventions'; used as the CSV key and the sheet name. */
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: Array<Record<string, ReportCellValue>>;
  /** Printed under the table, e.g. the source or the indicator definition. */
  note?: string;
}

export interface ReportChart {
  id: string;
  title: string;
  kind: 'bar';
  /** One group of bars per category, e.g. forms of abuse. */
  categories: string[];
  /** E.g. [{ name: '6 tháng đầu năm 2026', … }, { name: '6 tháng đầu năm 2025', … }]; values align with categories. */
  series: Array<{ name: string; values: number[] }>;
}
