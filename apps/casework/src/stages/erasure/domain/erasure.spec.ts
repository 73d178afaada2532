import { specFor } from '@cp/testing';
import { caseDecider } from '../../../domain/case.decider';
import {
  COMMUNE,
  OTHER_COMMUNE,
  PROVINCE,
  REQUEST,
  SHORT_RETENTION,
  at,
  build,
  history,
  meta,
  withRetention,
} from '../../../domain/case.fixtures';
import { nextSteps } from '../../../domain/case.next-steps';
import { NATIONAL_DEFAULT_POLICY, addDays } from '../../../domain/deadline-policy';
import {
  assigned,
  closed,
  closedShort,
  fold,
  held,
  opened,
  requested,
} from '../../../testing/case-decisions';

const given = specFor(caseDecider);

describe('erasing the personal data of a case: requested by the chair, approved by the province', () => {
  const approver = (id: string, units: string[] = [PROVINCE]) => ({
    ...build.ApproveErasure(at(6)),
    actorUnits: units,
    metadata: {
      ...meta('provincial_officer', at(6), PROVINCE),
      actor: { id, roles: ['provincial_officer'], unit: PROVINCE },
    },
  });
  /** A case referred from contact-1 (child-1), with a repeat report from another caller (contact-2, child-9). */
  const withRepeat = (closeRules = SHORT_RETENTION) =>
    history([...opened, build.AddReport(at(1)), { ...build.CloseCase(at(2)), rules: closeRules }]);

  it('is not done by the chair alone: the direct erasure names the request to make', () => {
    given(closedShort)
      .when(build.ErasePersonalData(at(3)))
      .thenThrows('ERASURE.APPROVAL_REQUIRED', 'provincial officer of province 01');
  });

  it('waits for the case to be closed, naming the closure', () => {
    given(assigned)
      .when(build.RequestErasure(at(3)))
      .thenThrows('CASE.NOT_CLOSED', '/cases/:id/closure');
  });

  it.each(['subject_request', 'retention_expired', 'court_order', 'other'] as const)(
    'needs a document reference on basis %s, and a reference only',
    (basis) => {
      for (const reference of [null, '', '   ']) {
        given(closedShort)
          .when({ ...build.RequestErasure(at(3)), basis, reference })
          .thenThrows('ERASURE.REFERENCE_REQUIRED', 'reference');
      }
      for (const reference of [
        'Mẹ bé gọi điện xin xóa vì gia đình đã chuyển đi nơi khác',
        `QĐ ${'1'.repeat(90)}`,
        'Đơn số 12; bé bị đánh',
        'một hai ba bốn năm sáu bảy tám chín mười 11',
      ]) {
        given(closedShort)
          .when({ ...build.RequestErasure(at(3)), basis, reference })
          .thenThrows('ERASURE.REFERENCE_INVALID', 'reference');
      }
      given(closedShort)
        .when({ ...build.RequestErasure(at(3)), basis, reference: '  12/2026/QĐ-UBND ' })
        .thenMatches(([e]) => expect(e.data).toMatchObject({ basis, reference: '12/2026/QĐ-UBND' }));
    },
  );

  it('is refused before the retention period of the closure’s policy ends, with the date it ends', () => {
    // Closed under the national default: the file is kept 1826 days (5 years).
    const ends = addDays(at(2), 1826);
    given(closed)
      .when(build.RequestErasure(at(30)))
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED', ends);
    expect(fold(closed).retention).toEqual({
      days: 1826,
      policyVersion: NATIONAL_DEFAULT_POLICY.version,
      endsAt: ends,
    });
    let caught: unknown;
    try {
      caseDecider.decide(build.RequestErasure(at(30)), fold(closed));
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      kind: 'precondition',
      extra: { retentionEndsAt: ends, policyVersion: NATIONAL_DEFAULT_POLICY.version, retentionDays: 1826 },
    });
    // Not bound by it: a court order (a competent authority's decision, PDPL Art. 14).
    given(closed)
      .when({ ...build.RequestErasure(at(30)), basis: 'court_order', reference: 'BA 17/2026/HS-ST' })
      .thenMatches(([e]) =>
        expect(e).toMatchObject({
          type: 'ErasureRequested',
          data: { basis: 'court_order', retentionEndsAt: null },
        }),
      );
    // The policy that applied is the one in force at the closure, whatever applies now.
    given(closed)
      .when({ ...build.RequestErasure(at(30)), rules: SHORT_RETENTION })
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED');
  });

  it('runs the retention from the closure, and again from a report added to the closed case', () => {
    const oneDay = history([...opened, { ...build.CloseCase(at(2)), rules: withRetention(1) }]);
    given(oneDay)
      .when(build.RequestErasure(at(25)))
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED', at(26));
    given(oneDay)
      .when(build.RequestErasure(at(26)))
      .thenMatches(([e]) => expect(e.data).toMatchObject({ retentionEndsAt: at(26) }));
    const reported = history([...oneDay, build.AddReport(at(20))]);
    expect(fold(reported).retention).toMatchObject({ days: 1, endsAt: at(44) });
    given(reported)
      .when(build.RequestErasure(at(30)))
      .thenThrows('ERASURE.RETENTION_NOT_ELAPSED', at(44));
    // Reopened: no retention runs; the next closure starts a new one under the policy then in force.
    const reopened = history([...reported, build.ReopenCase(at(50))]);
    expect(fold(reopened).retention).toBeNull();
    const again = history([...reopened, { ...build.CloseCase(at(51)), rules: withRetention(3) }]);
    expect(fold(again).retention).toMatchObject({ days: 3, endsAt: addDays(at(51), 3) });
  });

  it('is refused while a legal hold is in place, naming the release; possible again once released', () => {
    given(held)
      .when(build.RequestErasure(at(4)))
      .thenThrows('ERASURE.LEGAL_HOLD', '/cases/:id/legal-holds/release');
    const holdId = fold(held).legalHolds[0].holdId;
    const heldAfterRequest = history([...requested, build.PlaceLegalHold(at(4))]);
    given(heldAfterRequest)
      .when(build.ApproveErasure(at(6)))
      .thenThrows('ERASURE.LEGAL_HOLD', '45/2026/QĐ-VKS');
    const released = history([...heldAfterRequest, { ...build.ReleaseLegalHold(at(5)), holdId }]);
    expect(fold(released).legalHolds).toEqual([]);
    given(released)
      .when(build.ApproveErasure(at(6)))
      .thenMatches(([e]) => expect(e.type).toBe('PersonalDataErased'));
  });

  it('takes one request at a time', () => {
    given(requested)
      .when({ ...build.RequestErasure(at(4)), requestId: 'request-2' })
      .thenThrows('ERASURE.REQUEST_PENDING', REQUEST);
  });

  it('needs an approver who is not the requester', () => {
    // The requester holds an oversight role too: still not a second pair of eyes.
    given(requested)
      .when(approver('commune_chair-1', [PROVINCE]))
      .thenThrows('ERASURE.REQUESTER_CANNOT_APPROVE');
  });

  it('needs an approver outside the commune that asks', () => {
    given(requested)
      .when(approver('officer-2', [PROVINCE, COMMUNE]))
      .thenThrows('ERASURE.APPROVER_IN_SAME_COMMUNE', COMMUNE);
    given(requested)
      .when(approver('officer-2', [PROVINCE, OTHER_COMMUNE]))
      .thenMatches(([e]) => expect(e.type).toBe('PersonalDataErased'));
  });

  it('approves the pending request only, the one reviewed', () => {
    given(closedShort)
      .when(build.ApproveErasure(at(6)))
      .thenThrows('ERASURE.NO_PENDING_REQUEST', '/cases/:id/erasure-request');
    given(requested)
      .when({ ...build.ApproveErasure(at(6)), requestId: 'request-0' })
      .thenThrows('ERASURE.REQUEST_NOT_PENDING', REQUEST);
  });

  it('erases on approval: the case key, and in each contact the children and what was told of them', () => {
    const asked = history([...withRepeat(), build.RequestErasure(at(3))]);
    expect(fold(asked).erasureRequest).toMatchObject({
      requestId: REQUEST,
      basis: 'subject_request',
      reference: 'Đơn số 17/2026',
      requestedBy: 'commune_chair-1',
      requesterCommuneCode: COMMUNE,
      requestedAt: at(3),
    });
    // Nothing is erased on the request: the province's to-do is to decide it.
    expect(fold(asked).erasure).toBeNull();
    expect(nextSteps(fold(asked)).map((x) => x.step)).toEqual([
      'reopening',
      'erasure-request/approval',
      'erasure-request/rejection',
    ]);
    given(asked)
      .when(build.ApproveErasure(at(6)))
      .then([
        {
          type: 'PersonalDataErased',
          data: {
            erasureId: 'erasure-1',
            requestId: REQUEST,
            requestedBy: 'commune_chair-1',
            basis: 'subject_request',
            reference: 'Đơn số 17/2026',
            subjects: ['case:case-1'],
            contactIds: ['contact-1', 'contact-2'],
            // A child's request reaches the child, not the callers (their own request, or retention).
            cascade: [
              { contactId: 'contact-1', childRefs: ['child-1'], narrative: true, reporter: false },
              { contactId: 'contact-2', childRefs: ['child-9'], narrative: true, reporter: false },
            ],
            erasedAt: at(6),
          },
        },
      ]);
    const erased = fold(history([...asked, build.ApproveErasure(at(6))]));
    expect(erased.erasureRequest).toBeNull();
    expect(erased.erasure).toMatchObject({ erasureId: 'erasure-1', erasedAt: at(6), textSince: false });
  });

  it.each([
    ['subject_request', false],
    ['other', false],
    ['retention_expired', true],
    ['court_order', true],
  ] as const)('on basis %s erases the callers’ identities: %s', (basis, reporter) => {
    const asked = history([...withRepeat(), { ...build.RequestErasure(at(3)), basis }]);
    given(asked)
      .when(build.ApproveErasure(at(6)))
      .thenMatches(([e]) =>
        expect((e.data as { cascade: unknown[] }).cascade).toEqual([
          { contactId: 'contact-1', childRefs: ['child-1'], narrative: true, reporter },
          { contactId: 'contact-2', childRefs: ['child-9'], narrative: true, reporter },
        ]),
      );
  });

  it('erases nothing more when asked again on the same basis; a wider basis reaches the callers', () => {
    const erased = history([...withRepeat(), build.RequestErasure(at(3)), build.ApproveErasure(at(6))]);
    given(erased)
      .when(build.RequestErasure(at(7)))
      .then([]);
    const wider = history([
      ...erased,
      {
        ...build.RequestErasure(at(7)),
        requestId: 'request-2',
        basis: 'retention_expired',
        reference: '3/2031',
      },
    ]);
    given(wider)
      .when({ ...build.ApproveErasure(at(8)), requestId: 'request-2', erasureId: 'erasure-2' })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({
          cascade: [
            { contactId: 'contact-1', reporter: true },
            { contactId: 'contact-2', reporter: true },
          ],
        }),
      );
  });

  it('is rejected with a reason code; the chair may ask again', () => {
    given(requested)
      .when({ ...build.RejectErasure(at(6)), reasonCode: 'because' as never })
      .thenThrows('ERASURE.REASON_CODE_UNKNOWN', 'reasonCode');
    given(requested)
      .when(build.RejectErasure(at(6)))
      .then([
        {
          type: 'ErasureRejected',
          data: {
            requestId: REQUEST,
            reasonCode: 'document_not_verified',
            rejectedBy: 'provincial_officer-1',
            rejectedAt: at(6),
          },
        },
      ]);
    const rejected = history([...requested, build.RejectErasure(at(6))]);
    expect(fold(rejected).erasureRequest).toBeNull();
    given(rejected)
      .when({ ...build.RequestErasure(at(7)), requestId: 'request-2' })
      .thenMatches(([e]) => expect(e.type).toBe('ErasureRequested'));
  });

  it('lets a request lapse when the case is reopened', () => {
    const reopened = history([...requested, build.ReopenCase(at(5))]);
    expect(fold(reopened).erasureRequest).toBeNull();
    given(reopened)
      .when(build.ApproveErasure(at(6)))
      .thenThrows('ERASURE.NO_PENDING_REQUEST');
  });

  it('erases again what a reopened case recorded after the first erasure', () => {
    const erased = history([...requested, build.ApproveErasure(at(4))]);
    expect(fold(erased).erasure).toMatchObject({ erasureId: 'erasure-1', textSince: false });
    given(erased)
      .when(build.RequestErasure(at(5)))
      .then([]);
    const reopened = history([
      ...erased,
      build.ReopenCase(at(30)),
      { ...build.CloseCase(at(31)), rules: SHORT_RETENTION },
    ]);
    expect(fold(reopened).erasure).toMatchObject({ textSince: true });
    given(reopened)
      .when(build.RequestErasure(at(32)))
      .thenMatches(([e]) => expect(e.type).toBe('ErasureRequested'));
  });
});

describe('legal holds', () => {
  it('are placed by the province or an inspector, on a case in any state, with a reason code and a document', () => {
    given(assigned)
      .when(build.PlaceLegalHold(at(3)))
      .then([
        {
          type: 'LegalHoldPlaced',
          data: {
            holdId: 'hold-1',
            reasonCode: 'criminal_proceedings',
            reference: '45/2026/QĐ-VKS',
            placedBy: 'inspector-1',
            placedAt: at(3),
          },
        },
      ]);
    given(assigned)
      .when({ ...build.PlaceLegalHold(at(3)), reference: null })
      .thenThrows('LEGAL_HOLD.REFERENCE_REQUIRED', 'reference');
    given(assigned)
      .when({ ...build.PlaceLegalHold(at(3)), reference: 'Công an đang điều tra vụ việc của bé' })
      .thenThrows('LEGAL_HOLD.REFERENCE_INVALID');
    given(assigned)
      .when({ ...build.PlaceLegalHold(at(3)), reasonCode: 'curiosity' as never })
      .thenThrows('LEGAL_HOLD.REASON_CODE_UNKNOWN', 'reasonCode');
    // Placed twice under the same id (a retry): one hold.
    given(held)
      .when(build.PlaceLegalHold(at(4)))
      .then([]);
  });

  it('are released one by one, with a reason code and a document', () => {
    const two = history([
      ...held,
      { ...build.PlaceLegalHold(at(4)), holdId: 'hold-2', reasonCode: 'inspection' },
    ]);
    given(two)
      .when({ ...build.ReleaseLegalHold(at(5)), holdId: 'hold-9' })
      .thenThrows('LEGAL_HOLD.NOT_IN_PLACE', 'hold-1, hold-2');
    given(two)
      .when({ ...build.ReleaseLegalHold(at(5)), reference: '' })
      .thenThrows('LEGAL_HOLD.REFERENCE_REQUIRED');
    const one = history([...two, build.ReleaseLegalHold(at(5))]);
    expect(fold(one).legalHolds.map((h) => h.holdId)).toEqual(['hold-2']);
    // Still held by the other.
    given(one)
      .when(build.RequestErasure(at(6)))
      .thenThrows('ERASURE.LEGAL_HOLD', 'inspection');
  });
});
