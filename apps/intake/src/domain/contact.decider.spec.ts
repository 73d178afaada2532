import { specFor } from '@cp/testing';
import type { CommandMetadata } from '@cp/contracts';
import { HOTLINE_CLOCK_POLICIES } from './clock-policy';
import { contactDecider } from './contact.decider';
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
const clocks = HOTLINE_CLOCK_POLICIES[0];
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
    clocks,
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

  it('refers it to the provincial health department, the case still at the commune of the incident', () => {
    given([report])
      .when({ ...refer, recipient: 'health_department' })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({ recipient: 'health_department', communeCode: '00004' }),
      );
  });

  it('refers it to the police only with the unit notified, naming the field', () => {
    given([report])
      .when({ ...refer, recipient: 'police' })
      .thenThrows('CONTACT.FIELD_REQUIRED', 'police.unit');
    given([report])
      .when({ ...refer, recipient: 'police', police: { unit: 'Công an xã', reference: 'CA-1' } })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({ recipient: 'police', police: { unit: 'Công an xã' } }),
      );
  });
});

describe('the forwarding clock ("chuyển ngay"): from receipt to referral', () => {
  const recorded = (): ContactRecorded => ({
    type: 'ContactRecorded',
    data: { ...report.data, forwardBy: '2026-11-23T09:55:00.000Z', clockPolicy: clocks.version },
  });

  it('a report carries its forwarding time by the policy in force, and names the policy', () => {
    given([]).when({ type: 'RecordContact', data: report.data, clocks, metadata: meta }).then([recorded()]);
  });

  it('a counselling contact has no forwarding clock', () => {
    given([])
      .when({ type: 'RecordContact', data: counselling.data, clocks, metadata: meta })
      .then([counselling]);
  });

  it('alerts once when the report is not referred in time', () => {
    const late = { ...system, now: '2026-11-23T10:00:00.000Z' };
    given([recorded()])
      .when({ type: 'RaiseForwardingAlert', metadata: late })
      .then([
        {
          type: 'ForwardingAlertRaised',
          data: { forwardBy: '2026-11-23T09:55:00.000Z', raisedAt: late.now },
        },
      ]);
    given([recorded(), { type: 'ForwardingAlertRaised', data: { forwardBy: 'x', raisedAt: 'y' } }])
      .when({ type: 'RaiseForwardingAlert', metadata: late })
      .then([]);
  });

  it('does not alert before the time, nor for a report already referred', () => {
    given([recorded()]).when({ type: 'RaiseForwardingAlert', metadata: system }).then([]);
    given([recorded(), referred])
      .when({ type: 'RaiseForwardingAlert', metadata: { ...system, now: '2026-11-23T12:00:00.000Z' } })
      .then([]);
  });

  it('only the service raises it', () => {
    given([recorded()])
      .when({ type: 'RaiseForwardingAlert', metadata: { ...meta, now: '2026-11-23T12:00:00.000Z' } })
      .thenThrows('CONTACT.ROLE_NOT_ALLOWED');
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
    g.when({
      type: 'UpdateCaseStatus',
      caseId: 'case-1',
      status: 'assessing',
      overdue: false,
      metadata: meta,
    }).then([
      {
        type: 'CaseStatusUpdated',
        data: { caseId: 'case-1', status: 'assessing', at: meta.now, overdue: false },
      },
    ]);
    expect(g.state.referral?.caseId).toBe('case-1');
  });

  it('records whether the case is overdue, and nothing of its steps or deadlines', () => {
    const linked: ContactEvent = {
      type: 'CaseLinked',
      data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
    };
    const late = given([report, referred, linked]);
    late
      .when({ type: 'UpdateCaseStatus', caseId: 'case-1', status: 'received', overdue: true, metadata: meta })
      .then([
        {
          type: 'CaseStatusUpdated',
          data: { caseId: 'case-1', status: 'received', at: meta.now, overdue: true },
        },
      ]);
    // An event recorded before: a step name and a due date, which the state no longer keeps.
    const older = given([
      report,
      referred,
      linked,
      {
        type: 'CaseStatusUpdated',
        data: {
          caseId: 'case-1',
          status: 'assessing',
          at: meta.now,
          step: 'TemporarySeparationDecided',
          nextDueAt: meta.now,
        },
      },
    ]);
    expect(older.state.referral).toMatchObject({ caseStatus: 'assessing', caseOverdue: false });
    expect(JSON.stringify(older.state.referral)).not.toMatch(/TemporarySeparationDecided|nextDueAt|caseStep/);
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
        clocks,
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
        clocks,
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
        overdue: false,
      },
    };
    const g = given([report, referred, linked, taken]);
    expect(g.state.referral).toMatchObject({
      acknowledgedAt: '2026-11-23T08:10:00.000Z',
      caseStatus: 'assessing',
      caseOverdue: false,
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

describe('erasing a contact’s personal data', () => {
  const supervisor: CommandMetadata = {
    ...meta,
    actor: { id: 'supervisor-1', roles: ['hotline_supervisor'], unit: 'VN' },
  };
  /** A named report from a named caller, with the caller's account. */
  const named: ContactRecorded = {
    type: 'ContactRecorded',
    data: {
      ...report.data,
      children: [
        {
          childRef: 'k-1',
          sex: 'female',
          ageYears: 9,
          personal: { name: 'Nguyễn Thị A', birthDate: '2017-03-02' },
        },
      ],
      caller: { type: 'neighbour', callerKey: 'digest-1' },
      personal: {
        reporter: { anonymous: false, name: 'Trần Văn B', phone: '0912345678', consentToContact: true },
        notes: 'Hàng xóm nghe tiếng khóc',
      },
    },
  };
  const erase = (
    over: Partial<Extract<Parameters<typeof contactDecider.decide>[0], { type: 'ErasePersonalData' }>> = {},
  ) => ({
    type: 'ErasePersonalData' as const,
    erasureId: 'erasure-1',
    basis: 'subject_request' as const,
    reference: 'Đơn số 12/2026',
    metadata: supervisor,
    ...over,
  });
  const ALL = ['child:k-1', 'reporter:c-1', 'contact:c-1'];
  const closedAtHotline: ContactEvent = {
    type: 'ContactClosed',
    data: { outcome: 'no_action_needed', closedAt: meta.now, note: 'Gọi nhầm' },
  };
  const linkedCase: ContactEvent = {
    type: 'CaseLinked',
    data: { referralId: 'r-1', caseId: 'case-1', status: 'closed', linkedAt: meta.now },
  };
  const record = (
    over: Partial<{ closedAt: string | null; retentionEndsAt: string | null; legalHold: boolean }> = {},
  ): ContactEvent => ({
    type: 'CaseRecordUpdated',
    data: {
      caseId: 'case-1',
      closedAt: '2026-11-20T00:00:00.000Z',
      retentionEndsAt: '2026-11-21T00:00:00.000Z',
      legalHold: false,
      at: meta.now,
      ...over,
    },
  });
  const inClosedCase = [named, referred, linkedCase, record()];

  describe('at the hotline', () => {
    it.each(['subject_request', 'retention_expired', 'court_order', 'other'] as const)(
      'needs a document reference on basis %s, and a reference only',
      (basis) => {
        for (const reference of [null, '', '  ']) {
          given([named, closedAtHotline])
            .when(erase({ basis, reference }))
            .thenThrows('ERASURE.REFERENCE_REQUIRED', 'reference');
        }
        given([named, closedAtHotline])
          .when(erase({ basis, reference: 'Người gọi xin xóa số điện thoại của mình' }))
          .thenThrows('ERASURE.REFERENCE_INVALID');
      },
    );

    it('erases a contact that never went to a case whole, once it is closed', () => {
      given([named]).when(erase()).thenThrows('CONTACT.NOT_CLOSED', 'close it first');
      given([named, closedAtHotline])
        .when(erase())
        .then([
          {
            type: 'PersonalDataErased',
            data: {
              erasureId: 'erasure-1',
              basis: 'subject_request',
              reference: 'Đơn số 12/2026',
              subjects: ALL,
              viaCaseId: null,
              erasedAt: meta.now,
            },
          },
        ]);
      const before = given([named, closedAtHotline]).state;
      const after = given([named, closedAtHotline, ...contactDecider.decide(erase(), before)]).state;
      expect(after.contact?.children[0].personal).toEqual({ name: '[erased]', birthDate: '[erased]' });
      expect(after.contact?.personal).toMatchObject({
        reporter: { name: '[erased]', phone: '[erased]' },
        notes: '[erased]',
      });
      expect(after.closure?.note).toBe('[erased]');
      expect(after.erasure).toMatchObject({ erasureId: 'erasure-1', viaCaseId: null, subjects: ALL });
    });

    it('refuses a report whose case is open: what it says of the child goes with the case', () => {
      given([named, referred]).when(erase()).thenThrows('CONTACT.CASE_OPEN', 'no case has closed');
      given([named, referred, { ...linkedCase, data: { ...linkedCase.data, status: 'assessing' } }])
        .when(erase())
        .thenThrows('CONTACT.CASE_OPEN', 'case-1');
      given([...inClosedCase, record({ closedAt: null, retentionEndsAt: null })])
        .when(erase())
        .thenThrows('CONTACT.CASE_OPEN', 'erased with the case');
    });

    it('refuses a report whose case is under legal hold', () => {
      given([...inClosedCase, record({ legalHold: true })])
        .when(erase({ basis: 'court_order' }))
        .thenThrows('ERASURE.LEGAL_HOLD', 'case-1');
    });

    it('refuses before the case’s retention period ends, with the date, unless on a court order', () => {
      const early = { ...supervisor, now: '2026-11-20T12:00:00.000Z' };
      given(inClosedCase)
        .when(erase({ metadata: early }))
        .thenThrows('ERASURE.RETENTION_NOT_ELAPSED', '2026-11-21T00:00:00.000Z');
      given(inClosedCase)
        .when(erase({ metadata: early, basis: 'court_order' }))
        .thenMatches(([e]) => expect(e.data).toMatchObject({ subjects: ['reporter:c-1'] }));
      // A case closed before its retention was recorded: the hotline cannot tell when it ends.
      given([named, referred, linkedCase])
        .when(erase())
        .thenThrows('ERASURE.RETENTION_UNKNOWN', 'court_order');
    });

    it('erases only the caller’s identity of a report that went to a case', () => {
      given(inClosedCase)
        .when(erase())
        .thenMatches(([e]) => expect(e.data).toMatchObject({ subjects: ['reporter:c-1'], viaCaseId: null }));
      const done = [...inClosedCase, ...contactDecider.decide(erase(), given(inClosedCase).state)];
      const state = given(done).state;
      expect(state.contact?.personal.reporter).toMatchObject({ name: '[erased]', phone: '[erased]' });
      expect(state.contact?.caller?.callerKey).toBe('[erased]');
      // The child and what the caller told stay for the case.
      expect(state.contact?.children[0].personal).toEqual({ name: 'Nguyễn Thị A', birthDate: '2017-03-02' });
      expect(state.contact?.personal.notes).toBe('Hàng xóm nghe tiếng khóc');
      // Nothing left for the hotline to erase: asked again, nothing happens.
      given(done).when(erase()).then([]);
    });

    it('applies the same rules to a repeat report linked to a case', () => {
      const linkedReport: ContactEvent = {
        type: 'ReportLinkedToCase',
        data: { caseId: 'case-1', linkedAt: meta.now, reason: 'Cùng bé, cùng gia đình' },
      };
      given([named, linkedReport]).when(erase()).thenThrows('CONTACT.CASE_OPEN', 'case-1');
      given([named, linkedReport, record({ legalHold: true })])
        .when(erase())
        .thenThrows('ERASURE.LEGAL_HOLD');
      given([named, linkedReport, record()])
        .when(erase())
        .thenMatches(([e]) => expect(e.data).toMatchObject({ subjects: ['reporter:c-1'] }));
    });
  });

  describe('after the case’s erasure', () => {
    const viaCase = (cascade: { childRefs: string[]; narrative: boolean; reporter: boolean } | null) =>
      erase({ reference: null, viaCaseId: 'case-1', cascade, metadata: system });

    it('erases what the case’s rule reaches: the child and the narrative, not the caller on a child’s request', () => {
      given(inClosedCase)
        .when(viaCase({ childRefs: ['k-1'], narrative: true, reporter: false }))
        .thenMatches(([e]) =>
          expect(e.data).toMatchObject({ subjects: ['child:k-1', 'contact:c-1'], viaCaseId: 'case-1' }),
        );
      const done = [
        ...inClosedCase,
        ...contactDecider.decide(
          viaCase({ childRefs: ['k-1'], narrative: true, reporter: false }),
          given(inClosedCase).state,
        ),
      ];
      const state = given(done).state;
      expect(state.contact?.children[0].personal).toEqual({ name: '[erased]', birthDate: '[erased]' });
      expect(state.contact?.personal.notes).toBe('[erased]');
      expect(state.contact?.personal.reporter).toMatchObject({ name: 'Trần Văn B', phone: '0912345678' });
      expect(state.erasure).toMatchObject({ viaCaseId: 'case-1', subjects: ['child:k-1', 'contact:c-1'] });
      // Redelivered: nothing more. A later erasure on retention reaches the caller.
      given(done)
        .when(viaCase({ childRefs: ['k-1'], narrative: true, reporter: false }))
        .then([]);
      given(done)
        .when(viaCase({ childRefs: ['k-1'], narrative: true, reporter: true }))
        .thenMatches(([e]) => expect(e.data).toMatchObject({ subjects: ['reporter:c-1'] }));
    });

    it('ignores a child the contact does not name, and erases the contact whole for an erasure before the rule', () => {
      given(inClosedCase)
        .when(viaCase({ childRefs: ['someone-else'], narrative: false, reporter: false }))
        .then([]);
      given(inClosedCase)
        .when(viaCase(null))
        .thenMatches(([e]) => expect(e.data).toMatchObject({ subjects: ALL }));
    });
  });

  describe('what the case tells the hotline about its record', () => {
    const update = (
      over: Partial<{ closedAt: string | null; retentionEndsAt: string | null; legalHold: boolean }>,
    ) => ({
      type: 'UpdateCaseStatus' as const,
      caseId: 'case-1',
      status: 'closed' as const,
      overdue: false,
      record: {
        closedAt: '2026-11-20T00:00:00.000Z',
        retentionEndsAt: '2026-11-21T00:00:00.000Z',
        legalHold: false,
        ...over,
      },
      metadata: system,
    });

    it('is recorded on a change only, for the report that opened the case and for a repeat report', () => {
      given(inClosedCase)
        .when(update({ legalHold: true }))
        // The case's status did not change (a hold is no step the hotline follows): only its record.
        .thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['CaseRecordUpdated']));
      given([
        ...inClosedCase,
        {
          type: 'CaseStatusUpdated',
          data: { caseId: 'case-1', status: 'closed', at: meta.now, overdue: false },
        },
      ])
        .when(update({}))
        .then([]);
      const linkedReport: ContactEvent = {
        type: 'ReportLinkedToCase',
        data: { caseId: 'case-1', linkedAt: meta.now, reason: 'Cùng bé' },
      };
      given([named, linkedReport])
        .when(update({ legalHold: true }))
        .then([
          {
            type: 'CaseRecordUpdated',
            data: {
              caseId: 'case-1',
              closedAt: '2026-11-20T00:00:00.000Z',
              retentionEndsAt: '2026-11-21T00:00:00.000Z',
              legalHold: true,
              at: system.now,
            },
          },
        ]);
      // A case neither closed nor held is what the contact assumed: nothing to record.
      given([named, linkedReport])
        .when(update({ closedAt: null, retentionEndsAt: null }))
        .then([]);
      // Another case's news is not this contact's.
      given([named, linkedReport])
        .when({ ...update({}), caseId: 'case-2' })
        .then([]);
    });
  });
});

describe('Mẫu 01: parents, carers, family situation and the alleged abuser', () => {
  const full: ContactRecorded = {
    type: 'ContactRecorded',
    data: {
      ...report.data,
      concerns: ['drowning', 'child_marriage', 'injury_accident'],
      children: [
        {
          ...report.data.children[0],
          carers: [
            { relation: 'mother', currentCarer: true, personal: { name: 'Trần Thị B', age: '34' } },
            { relation: 'father', personal: { name: 'Nguyễn Văn C', occupation: 'thợ xây' } },
          ],
          personal: { name: 'Nguyễn Thị A', familySituation: 'Bố mẹ ly thân' },
        },
      ],
      personal: {
        ...report.data.personal,
        allegedAbusers: [{ relation: 'step_parent', sex: 'male', name: 'Lê Văn D' }],
      },
    },
  };

  it('records them with the report', () => {
    given([]).when({ type: 'RecordContact', data: full.data, metadata: meta }).then([full]);
  });

  it('erases the carers with the child and the alleged abuser with what the caller told', () => {
    const closed: ContactEvent = {
      type: 'ContactClosed',
      data: { outcome: 'no_action_needed', closedAt: meta.now },
    };
    let state = contactDecider.initialState();
    for (const e of [full, closed]) state = contactDecider.evolve(state, e);
    const [erased] = contactDecider.decide(
      {
        type: 'ErasePersonalData',
        erasureId: 'e-1',
        basis: 'subject_request',
        reference: '12/QĐ-UBND',
        metadata: { ...meta, actor: { id: 's-1', roles: ['hotline_supervisor'], unit: 'VN' } },
      },
      state,
    );
    state = contactDecider.evolve(state, erased);
    const child = state.contact!.children[0];
    expect(child.carers!.map((k) => k.personal)).toEqual([
      { name: '[erased]', age: '[erased]' },
      { name: '[erased]', occupation: '[erased]' },
    ]);
    expect(child.personal.familySituation).toBe('[erased]');
    expect(state.contact!.personal.allegedAbusers).toEqual([
      { relation: '[erased]', sex: '[erased]', name: '[erased]' },
    ]);
  });
});
