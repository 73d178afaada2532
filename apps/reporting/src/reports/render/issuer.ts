import type { PeriodicReport } from '../report.model';
import { vnParts } from './format';

/** The heading and signature details of the report, with the usual wording where the report gives none. */
export interface ResolvedIssuer {
  headingLines: string[];
  name: string;
  documentNumber: string;
  place: string;
  signedOn?: string;
  /** Year printed in a blank date line: the year the report was generated, in Viet Nam. */
  year: number;
  signatureTitle: string[];
  signerName?: string;
  recipients: string[];
}

// Type words that open an official unit name ('Phường Ba Đình' → place 'Ba Đình').
const UNIT_TYPE_WORDS = /^(Thành phố|Tỉnh|Phường|Xã|Đặc khu|Thị trấn|Thị xã|Quận|Huyện)\s+/i;

export function resolveIssuer(report: PeriodicReport): ResolvedIssuer {
  const { unit } = report;
  const given = report.issuer ?? {};
  const national = unit.level === 'nation';
  // Since 1 July 2025 state management of child protection sits with the Ministry of Health and,
  // locally, with the People's Committees (two-level local government): the committee issues the
  // commune's and the province's report, the ministry the national one.
  const headingLines = national ? ['BỘ Y TẾ'] : ['ỦY BAN NHÂN DÂN', unit.name.toUpperCase()];
  const name = national ? 'Bộ Y tế' : `Ủy ban nhân dân ${unit.name}`;
  const symbol = national ? 'BC-BYT' : 'BC-UBND';
  const parent = unit.parentName;
  const recipients =
    unit.level === 'commune'
      ? [...(parent ? [`UBND ${parent}`, `Sở Y tế ${parent}`] : []), 'Lưu: VT']
      : unit.level === 'province'
        ? ['Bộ Y tế', 'Lưu: VT']
        : ['Thủ tướng Chính phủ', 'Lưu: VT'];
  return {
    headingLines: given.headingLines ?? headingLines,
    name: given.name ?? name,
    documentNumber: given.documentNumber ?? `…/${symbol}`,
    place: given.place ?? (national ? 'Hà Nội' : unit.name.replace(UNIT_TYPE_WORDS, '')),
    signedOn: given.signedOn,
    year: vnParts(report.generatedAt)?.year ?? report.period.year,
    signatureTitle: given.signatureTitle ?? (national ? ['BỘ TRƯỞNG'] : ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']),
    signerName: given.signerName,
    recipients: given.recipients ?? recipients,
  };
}
