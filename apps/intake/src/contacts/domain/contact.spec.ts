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
  data: {
    referralId: 'r-1',
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
const followUp = { acknowledgeMinutes: 120, urgentAcknowledgeMinutes: 30 };
const system: CommandMetadata = { ...meta, actor: { id: 'system:follow-up', roles: ['system'], unit: 'VN' } };

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
    followUp,
    metadata: meta,
  };

  it('refers it, urgent when the child is in immediate danger', () => {
    given([report]).when(refer).then([referred]);
  });

  it('keeps an explicit urgency from the counsellor, with the normal 2 hours to take it up', () => {
    given([report])
      .when({ ...refer, urgent: false })
      .thenMatches((events) =>
        expect(events[0]).toMatchObject({
          type: 'ReportReferred',
          data: { urgent: false, acknowledgeBy: '2026-11-23T10:00:00.000Z' },
        }),
      );
  });

  it('records the residence commune and a parallel notification to the police', () => {
    given([report])
      .when({
        ...refer,
        residenceCommuneCode: '00008',
        police: { unit: 'Công an phường Ba Đình', reference: null },
      })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({
          residenceCommuneCode: '00008',
          police: { unit: 'Công an phường Ba Đình', reference: null, notifiedAt: meta.now },
        }),
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

describe('closing a contact at the hotline (prevention level)', () => {
  it('closes a counselling contact with its outcome', () => {
    given([counselling])
      .when({
        type: 'CloseContact',
        outcome: 'counselled',
        note: 'Advice on positive discipline',
        metadata: meta,
      })
      .then([
        {
          type: 'ContactClosed',
          data: { outcome: 'counselled', closedAt: meta.now, note: 'Advice on positive discipline' },
        },
      ]);
  });

  it('does not close a report as counselled: a report goes to the commune', () => {
    given([report])
      .when({ type: 'CloseContact', outcome: 'counselled', metadata: meta })
      .thenThrows('CONTACT.REPORT_NEEDS_REFERRAL', 'outcome');
    given([report])
      .when({ type: 'CloseContact', outcome: 'not_child_protection', metadata: meta })
      .thenMatches(([e]) => expect(e.type).toBe('ContactClosed'));
  });

  it('does not close a referred report, nor refer a closed contact', () => {
    given([report, referred])
      .when({ type: 'CloseContact', outcome: 'no_action_needed', metadata: meta })
      .thenThrows('CONTACT.ALREADY_REFERRED');
    const closed: ContactEvent = {
      type: 'ContactClosed',
      data: { outcome: 'no_action_needed', closedAt: meta.now },
    };
    given([report, closed])
      .when({
        type: 'ReferReport',
        referralId: 'r',
        communeCode: '00004',
        provinceCode: '01',
        followUp,
        metadata: meta,
      })
      .thenThrows('CONTACT.CLOSED');
  });
});

describe('a repeat report about a child whose case is open', () => {
  it('is added to that case instead of opening a second one', () => {
    given([report])
      .when({ type: 'LinkReportToCase', caseId: 'case-9', reason: 'Same child, same family', metadata: meta })
      .then([
        {
          type: 'ReportLinkedToCase',
          data: { caseId: 'case-9', linkedAt: meta.now, reason: 'Same child, same family' },
        },
      ]);
  });

  it('needs a reason, and cannot then be referred as well', () => {
    given([report])
      .when({ type: 'LinkReportToCase', caseId: 'case-9', reason: ' ', metadata: meta })
      .thenThrows('CONTACT.FIELD_REQUIRED', 'reason');
    const linked: ContactEvent = {
      type: 'ReportLinkedToCase',
      data: { caseId: 'case-9', linkedAt: meta.now, reason: 'same' },
    };
    given([report, linked])
      .when({
        type: 'ReferReport',
        referralId: 'r',
        communeCode: '00004',
        provinceCode: '01',
        followUp,
        metadata: meta,
      })
      .thenThrows('CONTACT.ALREADY_LINKED', 'case-9');
  });
});

describe('following a referral up', () => {
  const at = (iso: string): CommandMetadata => ({ ...system, now: iso });
  const linked: ContactEvent = {
    type: 'CaseLinked',
    data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
  };

  it('raises one alert when no commune took the referral up in time', () => {
    const g = given([report, referred, linked]);
    g.when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T08:29:00.000Z') }).then([]);
    g.when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T08:31:00.000Z') }).then([
      {
        type: 'FollowUpAlertRaised',
        data: {
          referralId: 'r-1',
          acknowledgeBy: '2026-11-23T08:30:00.000Z',
          raisedAt: '2026-11-23T08:31:00.000Z',
        },
      },
    ]);
    const raised: ContactEvent = {
      type: 'FollowUpAlertRaised',
      data: {
        referralId: 'r-1',
        acknowledgeBy: '2026-11-23T08:30:00.000Z',
        raisedAt: '2026-11-23T08:31:00.000Z',
      },
    };
    given([report, referred, linked, raised])
      .when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T09:00:00.000Z') })
      .then([]);
  });

  it('raises none once the commune has taken it up', () => {
    const taken: ContactEvent = {
      type: 'CaseStatusUpdated',
      data: {
        caseId: 'case-1',
        status: 'assessing',
        at: '2026-11-23T08:10:00.000Z',
        step: 'CaseWorkerAssigned',
      },
    };
    const g = given([report, referred, linked, taken]);
    expect(g.state.referral).toMatchObject({
      acknowledgedAt: '2026-11-23T08:10:00.000Z',
      caseStep: 'CaseWorkerAssigned',
    });
    g.when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T09:00:00.000Z') }).then([]);
  });

  it('is raised only by the service', () => {
    given([report, referred])
      .when({ type: 'RaiseFollowUpAlert', metadata: { ...meta, now: '2026-11-23T09:00:00.000Z' } })
      .thenThrows('CONTACT.ROLE_NOT_ALLOWED');
  });
});

describe('recording the details of Mẫu 01', () => {
  it('refuses sexual-abuse subtypes without the sexual-abuse concern, naming the field', () => {
    given([])
      .when({
        type: 'RecordContact',
        data: { ...report.data, sexualAbuseSubtypes: ['molestation'] },
        metadata: meta,
      })
      .thenThrows('CONTACT.SUBTYPE_WITHOUT_SEXUAL_ABUSE', 'sexualAbuseSubtypes');
  });

  it('refuses a contact received in the future', () => {
    given([])
      .when({
        type: 'RecordContact',
        data: { ...report.data, receivedAt: '2026-11-24T08:00:00.000Z' },
        metadata: meta,
      })
      .thenThrows('CONTACT.RECEIVED_IN_FUTURE', 'receivedAt');
  });
});
