// What the services answer. Their OpenAPI documents describe request bodies (generated/*.ts) but not
// responses — the controllers return TypeScript interfaces, which the document cannot see — so the views
// the console reads are written here, after apps/intake/src/read/contact-view.ts (ContactView,
// ContactListItem) and apps/intake/src/communes/communes.service.ts.
// TODO(lead): once the services declare their responses (@ApiOkResponse with DTO classes), regenerate and
// replace these with the generated `components['schemas']`.
import type { components } from './generated/intake';

type Schemas = components['schemas'];
export type RecordContactBody = Schemas['RecordContactDto'];
export type ChildBody = Schemas['ChildDto'];
export type Concern = Schemas['RecordContactDto']['concerns'][number];
export type Purpose = Schemas['RecordContactDto']['purpose'];
export type Channel = Schemas['RecordContactDto']['channel'];
export type Sex = Schemas['ChildDto']['sex'];
export type Outcome = Schemas['CloseContactDto']['outcome'];
export type ReferBody = Schemas['ReferReportDto'];

export type ContactStatus = 'open' | 'referred' | 'linked' | 'closed';
export type CaseState = 'open' | 'closed' | null;

export interface CarerView {
  relation: string;
  name: string | null;
  ageYears: number | null;
  occupation: string | null;
  phone: string | null;
  address: string | null;
  currentCarer: boolean | null;
}

export interface ChildView {
  childRef: string;
  sex: string;
  ageYears: number | null;
  ageEstimated: boolean;
  ethnicity: string | null;
  specialCircumstances: string[];
  residenceCommuneCode: string | null;
  name: string | null;
  birthDate: string | null;
  /** Added by the intake's Mẫu 01 corrections (absent on an older service). */
  carers?: CarerView[];
  familySituation?: string | null;
}

export interface AllegedAbuserView {
  relation: string;
  name: string | null;
  sex: string | null;
  ageYears: number | null;
  description: string | null;
}

export interface ReferralView {
  referralId: string;
  recipient?: 'commune' | 'health_department' | 'police';
  communeCode: string;
  provinceCode: string;
  residenceCommuneCode: string | null;
  urgent: boolean;
  referredAt: string;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  alertRaisedAt: string | null;
  police: { unit: string; reference?: string | null } | null;
  caseId: string | null;
  caseState: CaseState;
  caseOverdue: boolean;
}

export interface ContactView {
  id: string;
  version: number;
  status: ContactStatus;
  receivedAt: string;
  channel: string;
  purpose: string;
  category: string | null;
  setting: string | null;
  concerns: string[];
  sexualAbuseSubtypes: string[];
  incidentCommuneCode: string | null;
  immediateDanger: boolean;
  callerType: string | null;
  children: ChildView[];
  reporter: {
    anonymous: boolean;
    name: string | null;
    phone: string | null;
    address: string | null;
    consentToContact: boolean;
  } | null;
  place: string | null;
  currentCondition: string | null;
  actionsTaken: string | null;
  notes: string | null;
  allegedAbusers?: AllegedAbuserView[];
  referral: ReferralView | null;
  linkedCase: { caseId: string; linkedAt: string; reason: string } | null;
  closure: { outcome: string; closedAt: string; note: string | null } | null;
}

export interface ContactListItem {
  id: string;
  receivedAt: string;
  channel: string;
  purpose: string;
  status: string;
  concerns: string[];
  incidentCommuneCode: string | null;
  urgent: boolean;
  recordedBy: string | null;
  referredBy: string | null;
  referralCommuneCode: string | null;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  alertRaisedAt: string | null;
  caseId: string | null;
  caseState: CaseState;
  caseTakenUp: boolean;
  caseOverdue: boolean;
  linkedCaseId: string | null;
  outcome: string | null;
  /** Follow-ups only, from the intake's two clocks: not referred in time, or not taken up in time. */
  alert?: 'not_referred' | 'not_taken_up';
  /** When a report still at the hotline had to be passed on (the forwarding clock). */
  forwardBy?: string | null;
}

export interface DuplicateMatch {
  contactId: string;
  receivedAt: string;
  incidentCommuneCode: string | null;
  status: string;
  caseId: string | null;
  caseState: CaseState;
  score: number;
  reasons: string[];
  childIndex?: number;
  matchedChild: { childRef: string; ageYears: number | null };
}

export interface EarlierContact {
  contactId: string;
  receivedAt: string;
  purpose: string;
  status: string;
  incidentCommuneCode: string | null;
  caseId: string | null;
  caseState: CaseState;
}

/** POST /v1/contacts/possible-duplicates: the draft's possible duplicates and the caller's earlier contacts. */
export interface DraftDuplicates {
  repeatCaller: { earlierContacts: number; contacts: EarlierContact[] } | null;
  duplicates: DuplicateMatch[];
}

export interface CommuneHit {
  code: string;
  name: string;
  type: string;
  provinceCode: string;
  provinceName: string;
  matchedBy: 'code' | 'name' | 'legacy' | 'fuzzy';
  /** When a pre-2025 commune or district matched: the old communes that went into this one. */
  legacy?: Array<{ oldName: string; oldDistrictName: string; oldProvinceName: string; mergeNote: string }>;
  reason?: string;
}

export interface CommuneSearchView {
  query: string;
  province: string | null;
  items: CommuneHit[];
}

export interface CommuneView {
  code: string;
  name: string;
  type: string;
  provinceCode: string;
  provinceName: string;
}
