import { specFor } from '@cp/testing';
import type { ContactRecorded, ContactEvent } from '../../../domain/contact.events';
import type { CommandMetadata } from '@cp/contracts';
import { contactDecider } from '../../../domain/contact.decider';
import { meta, report, referred, system } from '../../../domain/contact.test-fixtures';

// Through the decider, as the write path runs it: the decision of this stage and the state it folds.
const given = specFor(contactDecider);

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
