import { specFor } from '@cp/testing';
import type { CommandMetadata } from '@cp/contracts';
import { contactDecider } from './contact';
import type { ContactRecorded, ContactEvent } from './contact.events';

const meta: CommandMetadata = {
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: null,
  actor: { id: 'counsellor-1', roles: ['hotline_counsellor'], unit: 'VN' },
  now: '2026-11-23T08:00:00.000Z',
};

const report: ContactRecorded = {
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
const counselling: ContactRecorded = {
  type: 'ContactRecorded',
  data: { ...report.data, purpose: 'counselling', children: [], concerns: [] },
};
const given = specFor(contactDecider);
const referred: ContactEvent = {
  type: 'ReportReferred',
  data: { referralId: 'r-1', communeCode: '00004', provinceCode: '01', urgent: true, referredAt: meta.now },
};

describe('recording a contact', () => {
  it('records a report about a child', () => {
    given([]).when({ type: 'RecordContact', data: report.data, metadata: meta }).then([report]);
  });

  it('refuses a report without any child, naming the field', () => {
    given([])
      .when({ type: 'RecordContact', data: { ...report.data, children: [] }, metadata: meta })
      .thenThrows('CONTACT.CHILD_REQUIRED', 'children');
  });

  it('refuses a report without a concern, naming the field', () => {
    given([])
      .when({ type: 'RecordContact', data: { ...report.data, concerns: [] }, metadata: meta })
      .thenThrows('CONTACT.CONCERN_REQUIRED', 'concerns');
  });

  it('accepts a counselling contact with no child named', () => {
    given([]).when({ type: 'RecordContact', data: counselling.data, metadata: meta }).then([counselling]);
  });

  it('cannot record the same contact twice', () => {
    given([report])
      .when({ type: 'RecordContact', data: report.data, metadata: meta })
      .thenThrows('CONTACT.ALREADY_RECORDED');
  });
});

describe('referring a report to a commune', () => {
  const refer = {
    type: 'ReferReport' as const,
    referralId: 'r-1',
    communeCode: '00004',
    provinceCode: '01',
    metadata: meta,
  };

  it('refers it, urgent when the child is in immediate danger', () => {
    given([report]).when(refer).then([referred]);
  });

  it('keeps an explicit urgency from the counsellor', () => {
    given([report])
      .when({ ...refer, urgent: false })
      .thenMatches((events) =>
        expect(events[0]).toMatchObject({ type: 'ReportReferred', data: { urgent: false } }),
      );
  });

  it('never refers a counselling contact: it is prevention-level work with no case', () => {
    given([counselling]).when(refer).thenThrows('CONTACT.NOT_A_REPORT', 'counselling');
  });

  it('does not refer the same report twice', () => {
    given([report, referred]).when(refer).thenThrows('CONTACT.ALREADY_REFERRED', '00004');
  });

  it('needs the contact to exist', () => {
    given([]).when(refer).thenThrows('CONTACT.NOT_FOUND');
  });
});

describe('case feedback from the commune', () => {
  it('links the case opened for the referral', () => {
    given([report, referred])
      .when({ type: 'LinkCase', referralId: 'r-1', caseId: 'case-1', status: 'received', metadata: meta })
      .then([
        {
          type: 'CaseLinked',
          data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
        },
      ]);
  });

  it('ignores a repeated link (redelivered case event)', () => {
    const linked: ContactEvent = {
      type: 'CaseLinked',
      data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
    };
    given([report, referred, linked])
      .when({ type: 'LinkCase', referralId: 'r-1', caseId: 'case-1', status: 'received', metadata: meta })
      .then([]);
  });

  it('follows the status of the linked case', () => {
    const linked: ContactEvent = {
      type: 'CaseLinked',
      data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
    };
    const g = given([report, referred, linked]);
    g.when({ type: 'UpdateCaseStatus', caseId: 'case-1', status: 'assessing', metadata: meta }).then([
      { type: 'CaseStatusUpdated', data: { caseId: 'case-1', status: 'assessing', at: meta.now } },
    ]);
    expect(g.state.referral?.caseId).toBe('case-1');
  });
});
