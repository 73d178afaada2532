import type { ChildBody, Concern, Channel, Purpose, RecordContactBody, Sex } from '../../../api/views';
import type { FieldPath } from '../../../api/problems';
import { parseTypedDate } from '../../../lib/dates';

/** The relations to the child the intake accepts for an alleged abuser. */
type AbuserRelation = NonNullable<RecordContactBody['allegedAbusers']>[number]['relation'];

/** A commune picked in the typeahead: its code and the label shown. */
export interface CommuneChoice {
  value: string;
  label: string;
}

export interface CarerValues {
  relation?: string;
  name?: string;
  ageYears?: number;
  occupation?: string;
  phone?: string;
  currentCarer?: boolean;
}

export interface ChildValues {
  name?: string;
  sex?: Sex;
  /** As typed: dd/mm/yyyy. */
  birthDate?: string;
  ageYears?: number;
  ethnicity?: string;
  specialCircumstances?: string[];
  residenceCommune?: CommuneChoice;
  familySituation?: string;
  carers?: CarerValues[];
}

export interface AbuserValues {
  relation?: string;
  name?: string;
  sex?: Sex;
  ageYears?: number;
  description?: string;
}

/** The call form as typed, as kept in the draft (plain JSON: dates as YYYY-MM-DD). */
export interface CallFormValues {
  receivedAt: string;
  channel: Channel;
  purpose: Purpose;
  callerType?: string;
  category?: string;
  setting?: string;
  reporter: {
    anonymous: boolean;
    consentToContact: boolean;
    name?: string;
    phone?: string;
    address?: string;
  };
  children: ChildValues[];
  concerns: Concern[];
  sexualAbuseSubtypes?: string[];
  incidentCommune?: CommuneChoice;
  immediateDanger: boolean;
  incidentPlace?: string;
  currentCondition?: string;
  actionsTaken?: string;
  notes?: string;
  allegedAbusers?: AbuserValues[];
  /** A case chosen in the duplicates panel: the report is added to it once recorded. */
  linkCaseId?: string;
}

/** A new call (or, for a commune or a provincial officer, a report received in person) starting `now`. */
export function newCall(now: Date, channel: Channel = 'phone_111'): CallFormValues {
  return {
    receivedAt: now.toISOString(),
    channel,
    purpose: 'report',
    reporter: { anonymous: true, consentToContact: false },
    children: [{ sex: 'unknown' }],
    concerns: [],
    immediateDanger: false,
  };
}

const text = (s: string | undefined): string | undefined => {
  const v = s?.trim();
  return v ? v : undefined;
};

/** Fields the intake's Mẫu 01 corrections add (carers, family situation, alleged abuser). */
interface Additions {
  children: Array<ChildBody & { carers?: unknown[]; familySituation?: string }>;
  allegedAbusers?: unknown[];
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/**
 * The intake's RecordContactDto from the form: blanks left out, the reporter's identity only when not
 * anonymous (an anonymous reporter's identity must not exist to flow anywhere), the sub-types only with
 * sexual abuse. Carers, family situation and alleged abusers are sent only when typed.
 */
export function toRecordContact(v: CallFormValues): RecordContactBody & Partial<Additions> {
  const anonymous = v.reporter.anonymous;
  const children = v.children.map((c) => {
    const carers = (c.carers ?? [])
      .filter((p) => p.relation)
      .map((p) =>
        compact({
          relation: p.relation,
          name: text(p.name),
          ageYears: p.ageYears ?? undefined,
          occupation: text(p.occupation),
          phone: text(p.phone),
          currentCarer: p.currentCarer || undefined,
        }),
      );
    return compact({
      sex: c.sex ?? 'unknown',
      name: text(c.name),
      birthDate: parseTypedDate(c.birthDate) ?? undefined,
      ageYears: c.ageYears ?? undefined,
      ethnicity: text(c.ethnicity),
      specialCircumstances: c.specialCircumstances?.length ? c.specialCircumstances : undefined,
      residenceCommuneCode: c.residenceCommune?.value,
      familySituation: text(c.familySituation),
      carers: carers.length ? carers : undefined,
    }) as ChildBody & { carers?: unknown[]; familySituation?: string };
  });
  const abusers = (v.allegedAbusers ?? [])
    .filter((a) => a.relation)
    .map((a) =>
      compact({
        relation: a.relation as AbuserRelation,
        name: text(a.name),
        sex: a.sex,
        ageYears: a.ageYears ?? undefined,
        description: text(a.description),
      }),
    );
  return compact({
    channel: v.channel,
    receivedAt: v.receivedAt,
    purpose: v.purpose,
    callerType: v.callerType as RecordContactBody['callerType'],
    category: v.category as RecordContactBody['category'],
    setting: v.setting as RecordContactBody['setting'],
    concerns: v.concerns,
    sexualAbuseSubtypes:
      v.concerns.includes('sexual_abuse') && v.sexualAbuseSubtypes?.length
        ? (v.sexualAbuseSubtypes as RecordContactBody['sexualAbuseSubtypes'])
        : undefined,
    incidentCommuneCode: v.incidentCommune?.value,
    immediateDanger: v.immediateDanger,
    children,
    reporter: anonymous
      ? { anonymous: true, consentToContact: false }
      : compact({
          anonymous: false,
          consentToContact: v.reporter.consentToContact,
          name: text(v.reporter.name),
          phone: text(v.reporter.phone),
          address: text(v.reporter.address),
        }),
    incidentPlace: text(v.incidentPlace),
    currentCondition: text(v.currentCondition),
    actionsTaken: text(v.actionsTaken),
    notes: text(v.notes),
    allegedAbusers: abusers.length ? abusers : undefined,
  });
}

/** The lists of the form: a service path's index into them stands as '#' in a form path. */
const FORM_LISTS = new Set(['children', 'carers', 'allegedAbusers']);

/** A dotted form field name as a form path: children.carers.name → children/#/carers/#/name. */
function formPath(dotted: string): FieldPath {
  const parts = dotted.split('.');
  return parts.flatMap((part, i) => (FORM_LISTS.has(part) && i < parts.length - 1 ? [part, '#'] : [part]));
}

/** The service's fields a problem may name that the form shows, and the form's name where it differs. */
const SERVICE_FIELDS: ReadonlyArray<string | readonly [service: string, form: string]> = [
  'channel',
  'purpose',
  'concerns',
  'children',
  'sexualAbuseSubtypes',
  ['incidentCommuneCode', 'incidentCommune'],
  'callerType',
  'category',
  'setting',
  'incidentPlace',
  'currentCondition',
  'actionsTaken',
  'notes',
  'reporter.name',
  'reporter.phone',
  'reporter.address',
  'children.name',
  'children.sex',
  'children.birthDate',
  'children.ageYears',
  'children.ethnicity',
  ['children.residenceCommuneCode', 'children.residenceCommune'],
  'children.familySituation',
  'children.carers.name',
  'children.carers.phone',
  'children.carers.ageYears',
  'allegedAbusers.name',
  'allegedAbusers.ageYears',
];

/** The service's field names to the form's paths (problem details → form field). */
export const FORM_FIELDS: ReadonlyMap<string, FieldPath> = new Map(
  SERVICE_FIELDS.map((f) => (typeof f === 'string' ? [f, formPath(f)] : [f[0], formPath(f[1])])),
);

/** What the duplicates search compares: the children's names and ages, the commune, the caller's phone. */
export function duplicateQuery(v: Partial<CallFormValues>) {
  const children = (v.children ?? [])
    .map((c) =>
      compact({
        name: text(c?.name),
        birthDate: parseTypedDate(c?.birthDate) ?? undefined,
        ageYears: c?.ageYears ?? undefined,
        residenceCommuneCode: c?.residenceCommune?.value,
      }),
    )
    .filter((c) => c.name || c.ageYears !== undefined || c.birthDate);
  const reporterPhone = v.reporter && !v.reporter.anonymous ? text(v.reporter.phone) : undefined;
  return compact({
    children,
    incidentCommuneCode: v.incidentCommune?.value,
    reporterPhone,
    receivedAt: v.receivedAt,
  });
}
