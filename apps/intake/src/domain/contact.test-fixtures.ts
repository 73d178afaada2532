// Sample commands' metadata and events for the decision specs of every stage (spec fixtures, no logic).

import type { CommandMetadata } from '@cp/contracts';
import { HOTLINE_CLOCK_POLICIES } from './clock-policy';
import type { ContactRecorded, ContactEvent } from './contact.events';

export const meta: CommandMetadata = {
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: null,
  actor: { id: 'counsellor-1', roles: ['hotline_counsellor'], unit: 'VN' },
  now: '2026-11-23T08:00:00.000Z',
};

export const report: ContactRecorded = {
  type: 'ContactRecorded',
  data: {
    contactId: 'c-1',
    receivedAt: '2026-11-23T07:55:00.000Z',
    channel: 'phone_111',
    purpose: 'report',
    concerns: ['violence'],
    incidentCommuneCode: '00004',
    incidentProvinceCode: '01',
    immediateDanger: true,
    children: [{ childRef: 'k-1', sex: 'female', ageYears: 9, personal: { name: 'Nguyễn Thị A' } }],
    personal: { reporter: { anonymous: true, consentToContact: false } },
  },
};
export const counselling: ContactRecorded = {
  type: 'ContactRecorded',
  data: { ...report.data, purpose: 'counselling', children: [], concerns: [] },
};
export const referred: ContactEvent = {
  type: 'ReportReferred',
  data: {
    referralId: 'r-1',
    clockPolicy: 'hotline-clocks@2017-07-01',
    communeCode: '00004',
    provinceCode: '01',
    residenceCommuneCode: null,
    urgent: true,
    referredAt: meta.now,
    // Urgent: the commune has 30 minutes to take it up.
    acknowledgeBy: '2026-11-23T08:30:00.000Z',
    police: null,
  },
};
export const clocks = HOTLINE_CLOCK_POLICIES[0];
export const system: CommandMetadata = {
  ...meta,
  actor: { id: 'system:follow-up', roles: ['system'], unit: 'VN' },
};
