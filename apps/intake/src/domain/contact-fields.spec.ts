import type { ContactEvent } from './contact.events';
import { contactPersonalFields } from './contact.personal-data';
import { pathMatches, stringPaths } from '@cp/testing';

/**
 * Every string field of every event type of a contact is either sealed at rest (contactPersonalFields)
 * or on the reviewed list of codes below. A sample of each event type fills every field, optional ones
 * included: a new event type or field fails to compile here until it is classified.
 */
type Samples = { [E in ContactEvent as E['type']]: Required<E['data']> };

const T = '2026-12-01T08:00:00.000Z';
const ID = '22222222-2222-4222-8222-222222222222';
const TEXT = 'free text';

const SAMPLES: Samples = {
  ContactRecorded: {
    contactId: ID,
    receivedAt: T,
    channel: 'phone_111',
    purpose: 'report',
    concerns: ['violence'],
    sexualAbuseSubtypes: ['molestation'],
    category: 'abused',
    setting: 'family',
    incidentCommuneCode: '00004',
    incidentProvinceCode: '01',
    immediateDanger: true,
    children: [
      {
        childRef: 'r-1',
        sex: 'female',
        ageYears: 9,
        ageEstimated: true,
        ethnicity: TEXT,
        specialCircumstances: ['abandoned'],
        residenceCommuneCode: '00007',
        carers: [
          {
            relation: 'mother',
            currentCarer: true,
            personal: { name: TEXT, age: '34', occupation: TEXT, phone: TEXT, address: TEXT },
          },
        ],
        personal: { name: TEXT, birthDate: '2017-05-01', address: TEXT, familySituation: TEXT },
      },
    ],
    forwardBy: T,
    clockPolicy: 'hotline-clocks@2017-07-01',
    receiver: { kind: 'health_department', unit: '01' },
    caller: { type: 'neighbour', callerKey: TEXT },
    personal: {
      reporter: { anonymous: false, name: TEXT, phone: TEXT, address: TEXT, consentToContact: true },
      notes: TEXT,
      place: TEXT,
      currentCondition: TEXT,
      actionsTaken: TEXT,
      allegedAbusers: [{ relation: 'step_parent', sex: 'male', name: TEXT, age: '40', description: TEXT }],
    },
  },
  ContactClosed: { outcome: 'counselled', closedAt: T, note: TEXT },
  ReportReferred: {
    referralId: ID,
    recipient: 'police',
    clockPolicy: 'hotline-clocks@2017-07-01',
    communeCode: '00004',
    provinceCode: '01',
    residenceCommuneCode: '00007',
    urgent: true,
    referredAt: T,
    acknowledgeBy: T,
    police: { unit: TEXT, reference: TEXT, notifiedAt: T },
  },
  ReportLinkedToCase: { caseId: ID, linkedAt: T, reason: TEXT },
  CaseLinked: { referralId: ID, caseId: ID, status: 'received', linkedAt: T },
  CaseStatusUpdated: {
    caseId: ID,
    status: 'assessing',
    at: T,
    overdue: false,
    step: 'CaseWorkerAssigned',
    nextDueAt: T,
  },
  FollowUpAlertRaised: { referralId: ID, acknowledgeBy: T, raisedAt: T },
  ForwardingAlertRaised: { forwardBy: T, raisedAt: T },
  CaseRecordUpdated: { caseId: ID, closedAt: T, retentionEndsAt: T, legalHold: true, at: T },
  PersonalDataErased: {
    erasureId: ID,
    basis: 'subject_request',
    reference: '12/QĐ-UBND',
    subjects: [`child:r-1`],
    viaCaseId: ID,
    erasedAt: T,
  },
};

/**
 * Codes, reviewed: ids, instants, enumerations, commune codes, a birth date (sealed where it is personal:
 * `personal.birthDate`), an erasure's validated document reference and the subjects it names. A case
 * step's name (`step`) is a code found only in events recorded before the follow-up became status-level.
 */
const CODES: { readonly [T in ContactEvent['type']]: readonly string[] } = {
  ContactRecorded: [
    'contactId',
    'receivedAt',
    'channel',
    'purpose',
    'concerns.*',
    'sexualAbuseSubtypes.*',
    'category',
    'setting',
    'incidentCommuneCode',
    'incidentProvinceCode',
    'children.*.childRef',
    'children.*.sex',
    'children.*.specialCircumstances.*',
    'children.*.residenceCommuneCode',
    'children.*.carers.*.relation',
    'forwardBy',
    'clockPolicy',
    'receiver.*',
    'caller.type',
  ],
  ContactClosed: ['outcome', 'closedAt'],
  ReportReferred: [
    'referralId',
    'recipient',
    'clockPolicy',
    'communeCode',
    'provinceCode',
    'residenceCommuneCode',
    'referredAt',
    'acknowledgeBy',
    'police.notifiedAt',
  ],
  ReportLinkedToCase: ['caseId', 'linkedAt'],
  CaseLinked: ['referralId', 'caseId', 'status', 'linkedAt'],
  CaseStatusUpdated: ['caseId', 'status', 'at', 'step', 'nextDueAt'],
  FollowUpAlertRaised: ['referralId', 'acknowledgeBy', 'raisedAt'],
  ForwardingAlertRaised: ['forwardBy', 'raisedAt'],
  CaseRecordUpdated: ['caseId', 'closedAt', 'retentionEndsAt', 'at'],
  PersonalDataErased: ['erasureId', 'basis', 'reference', 'subjects.*', 'viaCaseId', 'erasedAt'],
};

const types = Object.keys(SAMPLES) as Array<ContactEvent['type']>;

describe('every string field of every contact event', () => {
  it.each(types)('%s: each string is sealed or a reviewed code, never both', (type) => {
    const sealed = contactPersonalFields(ID, type, SAMPLES[type]).map((f) =>
      f.path.map((p) => (/^\d+$/.test(p) ? '*' : p)).join('.'),
    );
    const unclassified: string[] = [];
    const both: string[] = [];
    for (const path of stringPaths(SAMPLES[type])) {
      const isSealed = sealed.some((p) => pathMatches(p, path));
      const isCode = CODES[type].some((p) => pathMatches(p, path));
      if (!isSealed && !isCode) unclassified.push(path);
      if (isSealed && isCode) both.push(path);
    }
    expect({ type, unclassified, both }).toEqual({ type, unclassified: [], both: [] });
  });
});
