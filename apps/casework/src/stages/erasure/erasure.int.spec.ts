import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import type {
  CaseUpdatedV1,
  IntegrationEnvelope,
  PersonalDataErasedV1,
  ReferralIdentityV1,
  ReportLinkedToCaseV1,
  ReportReferredV1,
} from '@cp/contracts';
import { EventStore, LocalKeyWrapper, PersonalDataVault } from '@cp/event-store';
import { openDatabase } from '@cp/platform';
import { createTestDatabase, deadlinePolicyValues } from '@cp/testing';
import { CaseIndex1763900002100, CaseIndexReferrals1763900002110 } from '../../read/case-index';
import { caseworkByHand, type CaseworkByHand } from '../../testing/casework-by-hand';
import type { StepCommand } from '../../write/case-stream';
import type { CaseView } from '../../read/case-view';
import { DEV_REFERRAL_IDENTITY_KEY, openReferralIdentity, sealReferralIdentity } from '@cp/messaging';
import { DeadlinePolicies1763900002000 } from '../../policy/deadline-policies.migration';
import { PolicyService } from '../../policy/policy.service';
import { casePersonalFields } from './personal-data';

// Erasure governance against a real PostgreSQL, with the vault that seals the case's texts and the
// policy service that resolves the retention period: the closure records the retention of the policy in
// force; the chair's request erases nothing; only an officer of the case's province approves; the approval
// destroys the case's key in the same transaction and publishes, per contact, what intake must erase —
// without the document reference or any text.

const COMMUNE = '00004'; // Phường Ba Đình, Hà Nội (01)
const chair: AuthUser = { sub: 'chair-1', name: 'C', roles: ['commune_chair'], units: [COMMUNE] };
const worker: AuthUser = { sub: 'worker-1', name: 'W', roles: ['commune_worker'], units: [COMMUNE] };
const officer: AuthUser = { sub: 'officer-1', name: 'O', roles: ['provincial_officer'], units: ['01'] };
const officerElsewhere: AuthUser = { ...officer, sub: 'officer-79', units: ['79'] };
/** Acts for the province and for the commune that asks: not a second pair of eyes. */
const officerInCommune: AuthUser = { ...officer, sub: 'officer-2', units: ['01', COMMUNE] };
const inspector: AuthUser = { sub: 'inspector-1', name: 'I', roles: ['inspector'], units: ['01'] };
const admin: AuthUser = { sub: 'admin-1', name: 'A', roles: ['admin'], units: ['01'] };
const SECRET = 'Bé kể bị chú đánh bằng roi mây';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;
let cases: CaseworkByHand;
let policies: PolicyService;

beforeAll(async () => {
  db = await createTestDatabase('casework_erasure');
  ds = await openDatabase(
    db.url,
    [CaseIndex1763900002100, CaseIndexReferrals1763900002110, DeadlinePolicies1763900002000],
    10,
  );
  const vault = new PersonalDataVault(
    new LocalKeyWrapper([{ kid: 'test', key: randomBytes(32) }]),
    randomBytes(32),
  );
  store = new EventStore(ds, vault);
  store.usePersonalDataPolicy(casePersonalFields);
  policies = new PolicyService(ds, AdminUnits.load());
  // Kafka is not part of this test: the outbox rows are written, nobody relays them.
  cases = caseworkByHand(store, policies);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const values = deadlinePolicyValues();

function intake(type: string, data: object, aggregateId: string): Promise<void> {
  const env: IntegrationEnvelope = {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    aggregateId,
    aggregateVersion: 2,
    occurredAt: new Date().toISOString(),
    producer: 'intake',
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'counsellor-1', roles: ['hotline_counsellor'], unit: 'VN' },
    data,
  };
  const consumer = cases;
  return consumer.onIntakeEvent(env, store.sql);
}

/** A hotline referral of a girl of 9 at risk of violence in the commune, received an hour ago. */
function hotlineReferral(over: Partial<ReportReferredV1> = {}): ReportReferredV1 {
  return {
    contactId: randomUUID(),
    referralId: randomUUID(),
    communeCode: COMMUNE,
    provinceCode: '01',
    receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
    referredAt: new Date(Date.now() - 1_800_000).toISOString(),
    channel: 'phone_111',
    urgent: false,
    children: [{ childRef: randomUUID(), sex: 'female', ageYears: 9 }],
    concerns: ['violence'],
    ...over,
  };
}

/** Casework hears the referral; the case it opened (the one touched last). */
async function openedBy(referral: ReportReferredV1): Promise<string> {
  await intake('ReportReferred', referral, referral.contactId);
  const [row] = await ds.query(`SELECT case_id FROM cw_case_index ORDER BY updated_at DESC LIMIT 1`);
  return String(row.case_id);
}

/** A case referred by the hotline (contact 1, child 1), with a repeat report from another caller. */
async function referredCase(): Promise<{ caseId: string; contacts: string[]; children: string[] }> {
  const referral = hotlineReferral();
  const caseId = await openedBy(referral);
  const repeat: ReportLinkedToCaseV1 = {
    contactId: randomUUID(),
    caseId,
    receivedAt: new Date().toISOString(),
    linkedAt: new Date().toISOString(),
    channel: 'phone_111',
    urgent: false,
    concerns: ['violence'],
    children: [{ childRef: randomUUID(), sex: 'female', ageYears: 9 }],
  };
  await intake('ReportLinkedToCase', repeat, repeat.contactId);
  return {
    caseId,
    contacts: [referral.contactId, repeat.contactId],
    children: [referral.children[0].childRef, repeat.children[0].childRef],
  };
}

async function closeWithText(caseId: string): Promise<CaseView> {
  let v = (await step(chair, caseId, { type: 'AssignWorker', workerId: 'worker-1' })).view;
  v = (
    await step(
      worker,
      caseId,
      {
        type: 'RecordInitialAssessment',
        scores: {
          severity_of_harm: 'low',
          abuser_access: 'low',
          care_setting_obstacles: 'low',
          child_capacity: 'low',
        },
        seriousThreat: false,
        caregiverIsAbuser: false,
        outcome: 'no_protection_need',
        summary: SECRET,
      },
      v.version,
    )
  ).view;
  return (
    await step(
      chair,
      caseId,
      { type: 'CloseCase', reason: 'no_protection_need', note: 'Đã xác minh' },
      v.version,
    )
  ).view;
}

/** A step as the controller sends it (no If-Match unless a version is given). */
const step = (u: AuthUser, id: string, command: StepCommand, version?: number) =>
  cases.step(u, id, command, version);

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

it('records the retention of the policy in force at the closure, and refuses a request before it ends', async () => {
  // Commune 00008 (Ngọc Hà) keeps the national default: 5 years.
  const { view } = await cases.openDirect(
    { ...chair, units: ['00008'] },
    {
      receivedAt: new Date(Date.now() - 60_000).toISOString(),
      incidentCommuneCode: '00008',
      concerns: ['violence'],
      children: [{ sex: 'male', ageYears: 6 }],
    },
  );
  const ngocHa = { ...chair, units: ['00008'] };
  const closed = (
    await step(ngocHa, view.id, { type: 'CloseCase', reason: 'not_verified', note: 'x' }, view.version)
  ).view;
  expect(closed.retention).toMatchObject({ days: 1826, policyVersion: 'national-default@2025-07-01' });
  const err = await refusal(
    step(ngocHa, view.id, {
      type: 'RequestErasure',
      requestId: '',
      basis: 'other',
      reference: '1/2026',
    }),
  );
  expect(err).toMatchObject({
    code: 'ERASURE.RETENTION_NOT_ELAPSED',
    extra: { retentionEndsAt: closed.retention!.endsAt },
  });
});

it('erases only on the approval of an officer of the province, outside the commune, and publishes the rule per contact', async () => {
  // The commune's admin makes closed files erasable at once (still with the province's approval).
  const policy = await policies.create(admin, {
    scope: COMMUNE,
    effectiveFrom: new Date().toISOString(),
    values: { ...values, retentionDaysAfterClosure: 0 },
    reason: 'Thử nghiệm thời hạn lưu trữ',
  });
  const { caseId, contacts, children } = await referredCase();
  const closed = await closeWithText(caseId);
  expect(closed.retention).toMatchObject({ days: 0, policyVersion: policy.version });

  // The chair alone: refused, naming the request to make.
  expect(
    await refusal(
      step(chair, caseId, {
        type: 'ErasePersonalData',
        erasureId: '',
        basis: 'other',
        reference: '1/2026',
      }),
    ),
  ).toMatchObject({ code: 'ERASURE.APPROVAL_REQUIRED', extra: { requiredStep: 'erasure-request' } });
  // A hold by the inspector refuses the request; released, it goes through.
  const held = (
    await step(inspector, caseId, {
      type: 'PlaceLegalHold',
      holdId: '',
      reasonCode: 'inspection',
      reference: 'QĐ 9/2026/TTr',
    })
  ).view;
  expect(held.legalHolds).toEqual([
    expect.objectContaining({ placedBy: 'inspector-1', reasonCode: 'inspection' }),
  ]);
  expect(
    await refusal(
      step(chair, caseId, {
        type: 'RequestErasure',
        requestId: '',
        basis: 'subject_request',
        reference: '7/2026',
      }),
    ),
  ).toMatchObject({ code: 'ERASURE.LEGAL_HOLD' });
  await step(inspector, caseId, {
    type: 'ReleaseLegalHold',
    holdId: held.legalHolds[0].holdId,
    reasonCode: 'inspection_concluded',
    reference: 'KL 10/2026/TTr',
  });
  const requested = (
    await step(chair, caseId, {
      type: 'RequestErasure',
      requestId: '',
      basis: 'subject_request',
      reference: 'Đơn số 7/2026',
    })
  ).view;
  const requestId = requested.erasureRequest!.requestId;
  expect(requested.erasureRequest).toMatchObject({ requestedBy: 'chair-1', requesterCommuneCode: COMMUNE });
  // Nothing erased yet.
  expect((await cases.get(chair, caseId)).initialAssessment?.summary).toBe(SECRET);

  const approve = (u: AuthUser) =>
    refusal(step(u, caseId, { type: 'ApproveErasure', requestId, erasureId: '', actorUnits: [] }));
  expect(await approve(officerElsewhere)).toMatchObject({ code: 'CASE.NOT_FOUND' });
  expect(await approve(officerInCommune)).toMatchObject({ code: 'ERASURE.APPROVER_IN_SAME_COMMUNE' });
  expect(await approve({ ...officer, sub: 'chair-1' })).toMatchObject({
    code: 'ERASURE.REQUESTER_CANNOT_APPROVE',
  });
  expect(await approve(officer)).toBeUndefined();

  const after = await cases.get(officer, caseId);
  expect(after.initialAssessment?.summary).toBe('[erased]');
  expect(after.erasure).toMatchObject({ textSince: false });
  const [key] = await ds.query(`SELECT wrapped_key, erased_at FROM pd_subject_keys WHERE subject_id = $1`, [
    `case:${caseId}`,
  ]);
  expect(key.wrapped_key).toBeNull();
  expect(key.erased_at).not.toBeNull();
  const history = await cases.history(officer, caseId);
  expect(history.slice(-2).map((e) => [e.type, (e.actor as { id: string }).id])).toEqual([
    ['ErasureRequested', 'chair-1'],
    ['PersonalDataErased', 'officer-1'],
  ]);
  expect((await store.verifyStream(`case-${caseId}`)).ok).toBe(true);

  const published: Array<{ payload: { type: string; data: CaseUpdatedV1 } }> = await ds.query(
    `SELECT payload FROM es_outbox WHERE message_key = $1 AND payload->>'type' = 'PersonalDataErased'`,
    [caseId],
  );
  expect(published).toHaveLength(1);
  const details = published[0].payload.data.details as unknown as PersonalDataErasedV1 &
    Record<string, unknown>;
  expect(details).toMatchObject({
    basis: 'subject_request',
    requestId,
    contactIds: contacts,
    cascade: [
      { contactId: contacts[0], childRefs: [children[0]], narrative: true, reporter: false },
      { contactId: contacts[1], childRefs: [children[1]], narrative: true, reporter: false },
    ],
  });
  // The document reference stays with the record; no text leaves casework.
  expect(details.reference).toBeUndefined();
  expect(JSON.stringify(published)).not.toContain('Đơn số 7/2026');
  expect(JSON.stringify(published)).not.toContain(SECRET);
  // What intake needs to apply the hotline's rules travels with every step.
  expect(published[0].payload.data).toMatchObject({
    legalHold: false,
    retentionEndsAt: closed.retention!.endsAt,
  });
});

describe("the child's identity a referral brings (Decree 56 Art. 26.1)", () => {
  const who = {
    child: 'Hoàng Thị Ngọc Ánh',
    mother: 'Vũ Thị Thu',
    reporter: 'Phan Văn Tài',
    address: 'Số 9 ngõ 12 Đội Cấn',
    police: 'Công an phường Ba Đình',
  };

  it('opens sealed for the carrying commune only, access by its roles, the police notice on the case, erased with the case', async () => {
    const referralId = randomUUID();
    const childRef = randomUUID();
    const identity: ReferralIdentityV1 = {
      children: [
        {
          childRef,
          name: who.child,
          birthDate: '2016-02-03',
          address: who.address,
          familySituation: 'Bố mất, mẹ đi làm xa',
          carers: [
            {
              relation: 'mother',
              currentCarer: false,
              name: who.mother,
              age: '35',
              occupation: null,
              phone: '0912 000 111',
              address: null,
            },
          ],
        },
      ],
      reporter: { name: who.reporter, phone: '0988 111 222', address: null },
      police: { unit: who.police, reference: 'CA-88' },
    };
    const caseId = await openedBy(
      hotlineReferral({
        referralId,
        children: [{ childRef, sex: 'female', ageYears: 9 }],
        policeNotified: true,
        identity: sealReferralIdentity(
          [{ kid: 'dev', key: DEV_REFERRAL_IDENTITY_KEY }],
          referralId,
          identity,
        ),
      }),
    );

    const seen = await cases.identity(worker, caseId);
    expect(seen.children[0]).toMatchObject({ name: who.child, address: who.address });
    expect(seen.children[0].carers[0]).toMatchObject({ relation: 'mother', name: who.mother });
    expect(seen.reporter).toMatchObject({ name: who.reporter });
    expect(await cases.identity(chair, caseId)).toEqual(seen);
    // Not for the province, the inspector or a commune that does not carry the case.
    for (const u of [officer, inspector]) {
      expect(await refusal(cases.identity(u, caseId))).toMatchObject({ code: 'CASE.NOT_CARRYING_COMMUNE' });
    }
    expect(await refusal(cases.identity({ ...worker, units: ['00008'] }, caseId))).toMatchObject({
      code: 'CASE.NOT_FOUND',
    });
    // Sealed at rest and in the outbox; the history shows that it is there, not what it says.
    const stored = JSON.stringify(
      await ds.query(`SELECT data FROM es_events WHERE stream_id = $1`, [`case-${caseId}`]),
    );
    const outbox = JSON.stringify(
      await ds.query(`SELECT payload FROM es_outbox WHERE message_key = $1`, [caseId]),
    );
    for (const text of [stored, outbox]) {
      expect(Object.values(who).filter((w) => text.includes(w))).toEqual([]);
    }
    const history = await cases.history(officer, caseId);
    expect(history[0].data).toMatchObject({ identityRecorded: true });
    expect(JSON.stringify(history)).not.toContain(who.child);
    // The hotline's notice to the police travelled with the referral.
    expect(history.map((e) => e.type)).toContain('PoliceNotified');
    expect((await cases.get(worker, caseId)).police).toMatchObject({ policeUnit: who.police });

    // Erased with the case (requested by the chair, approved by the province).
    const closed = await closeWithText(caseId);
    expect(closed.status).toBe('closed');
    const requested = (
      await step(chair, caseId, {
        type: 'RequestErasure',
        requestId: '',
        basis: 'subject_request',
        reference: 'Đơn số 8/2026',
      })
    ).view;
    await step(officer, caseId, {
      type: 'ApproveErasure',
      requestId: requested.erasureRequest!.requestId,
      erasureId: '',
      actorUnits: [],
    });
    const erased = await cases.identity(worker, caseId);
    expect(erased.children[0]).toMatchObject({
      name: '[erased]',
      birthDate: '[erased]',
      address: '[erased]',
    });
    expect(erased.children[0].carers[0]).toMatchObject({ name: '[erased]', phone: '[erased]' });
    expect(erased.reporter).toMatchObject({ name: '[erased]', phone: '[erased]' });
  });

  it('refuses a sealed identity moved to another referral (it does not open)', async () => {
    const sealed = sealReferralIdentity([{ kid: 'dev', key: DEV_REFERRAL_IDENTITY_KEY }], randomUUID(), {
      children: [],
      reporter: null,
      police: null,
    });
    expect(() =>
      openReferralIdentity([{ kid: 'dev', key: DEV_REFERRAL_IDENTITY_KEY }], randomUUID(), sealed),
    ).toThrow();
  });
});
