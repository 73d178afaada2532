// Issue 6, "Authorization on every request": the access matrix (libs/auth/src/access-matrix.ts) against
// a running stack. The cells are GENERATED from the matrix: for every route × every role × {inside,
// outside the jurisdiction}, one request, and the exact status it must get:
//
//   - a role the route does not allow                        → 403 (the guard)
//   - allowed, outside the jurisdiction: a record (a case)   → 404 (as if it did not exist)
//                                        a `unit` / `scope` / the incident commune / VN-only → 403
//                                        a national route or a filtered list → as inside
//   - allowed, inside                                        → the route's success status, where the
//     request would change nothing; a request that WOULD change state is sent with a stale
//     `If-Match: "999"` (the version check comes after the visibility AND the unit check and before the
//     decision, so 409 VERSION_CONFLICT proves the request passed role and jurisdiction without changing
//     the case), or with one clearly invalid field checked AFTER the unit check (a retroactive
//     `effectiveFrom`, an impossible date, a mismatched code, an unknown read model) → 422/404.
//     Opening a case and recording a contact are sent for real (201): they only add records.
//
// Inside and outside send the SAME request; only the token differs: `inside` acts for commune 00004
// (Phường Ba Đình) or province 01 (Hà Nội), `outside` for commune 25747 or province 79; hotline roles act
// for VN inside and 79 outside (their routes are national). Where a role has its own rule on a route
// (`own-referrals`: hotline roles on cases), the cell follows that rule: case A was referred by
// counsellor X, so the counsellor inside is X and outside another counsellor (404); a supervisor follows
// every hotline referral whatever its units (200 on both sides), and both get the follow-up view. A route
// added to the matrix without a probe here fails. The counts are written to .local/access-matrix-report.json.
import fs from 'node:fs';
import path from 'node:path';
import {
  ACCESS_MATRIX,
  jurisdictionOf,
  roleAllowed,
  routeKey,
  type Jurisdiction,
  type RouteAccess,
} from '@cp/auth';
import { ROLES, type Role } from '@cp/contracts';
import { deadlinePolicyValues, eventually } from '@cp/testing';
import { mapLimit, recordAndRefer, reportBody, type ContactView } from './support/api';
import { ROOT, Stack, expectStatus, token, type HttpResponse } from './support/stack';

jest.setTimeout(180_000);

const A = '00004'; // Phường Ba Đình, Hà Nội — the case's commune
const B = '00008'; // Phường Ngọc Hà, Hà Nội — a transfer is addressed to it
const Z = '25747'; // Phường Thủ Dầu Một, province 79 — outside
const PA = '01';
const PZ = '79';
const POLL = { timeoutMs: 60_000, intervalMs: 250 };
const ROLE_NOT_ALLOWED = 'AUTH.ROLE_NOT_ALLOWED';
const STALE = { 'If-Match': '"999"' };
const VERSION_CONFLICT = 'CONCURRENCY.VERSION_CONFLICT';
const POLICY_VALUES = deadlinePolicyValues();

type Side = 'inside' | 'outside';
const SIDES: Side[] = ['inside', 'outside'];

const HOME: Record<Role, string[]> = {
  hotline_counsellor: ['VN'],
  hotline_supervisor: ['VN'],
  commune_worker: [A],
  commune_chair: [A],
  provincial_officer: [PA],
  inspector: [PA],
  admin: [PA],
};
const AWAY: Record<Role, string[]> = {
  hotline_counsellor: [PZ],
  hotline_supervisor: [PZ],
  commune_worker: [Z],
  commune_chair: [Z],
  provincial_officer: [PZ],
  inspector: [PZ],
  admin: [PZ],
};

/** Who referred case A, and another counsellor (the `own-referrals` cells). */
const REFERRER = 'counsellor-X';
const OTHER_COUNSELLOR = 'counsellor-Y';

/** The token subject of a cell, where the rule is by person (default: the role's usual subject). */
function subFor(route: RouteAccess, role: Role, side: Side): string | undefined {
  if (jurisdictionOf(route, role) !== 'own-referrals' || role !== 'hotline_counsellor') return undefined;
  return side === 'inside' ? REFERRER : OTHER_COUNSELLOR;
}

/** Groups of the case file the hotline's follow-up view must never carry (need-to-know, docs/privacy.md). */
const NARRATIVE = [
  // The stage, the level, the deadlines and the next steps tell what happened to the child.
  'status',
  'level',
  'deadlines',
  'nextSteps',
  'children',
  'report',
  'concerns',
  'category',
  'setting',
  'additionalReports',
  'initialAssessment',
  'detailedAssessment',
  'emergencyMeasures',
  'separations',
  'needsMeeting',
  'plan',
  'services',
  'reviews',
  'police',
  'levelChanges',
  'transfers',
  'closure',
  'reopenings',
];

/** The units a role's token carries for a cell. */
function unitsFor(route: RouteAccess, role: Role, side: Side): string[] {
  if (route.jurisdiction === 'transfer-target' && side === 'inside' && role.startsWith('commune_'))
    return [B];
  if (route.jurisdiction === 'vn-unit') return side === 'inside' ? ['VN'] : HOME[role];
  return side === 'inside' ? HOME[role] : AWAY[role];
}

/** What the code answers an allowed role outside the jurisdiction, by rule (the inside status otherwise). */
const OUTSIDE: Record<Jurisdiction, number | 'as-inside'> = {
  none: 'as-inside',
  national: 'as-inside',
  'case-list': 'as-inside',
  'case-communes': 404,
  'carrying-commune': 404,
  'carrying-province': 404,
  'transfer-target': 404,
  'own-referrals': 404,
  'incident-commune': 403,
  'unit-param': 403,
  'admin-units': 403,
  'report-receiver': 403,
  'report-receiver-record': 404,
  'vn-unit': 403,
};

interface Probe {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The status inside the jurisdiction. */
  inside: number;
  /** The problem `code` of a non-2xx inside answer (what proves the request passed authorization). */
  insideCode?: string;
  /** A further check of the answer (e.g. a filtered list); returns what is wrong. */
  check?: (res: HttpResponse, side: Side, role: Role) => string | undefined;
}

interface Fixtures {
  caseA: string;
  caseT: string;
  caseZ: string;
  contactX: string;
  contactOpen: string;
  /** Reports recorded (not referred) by the other bodies that receive reports, in their jurisdiction. */
  contactOf: Partial<Record<Role, string>>;
  policyVersion: string;
}

const scores = {
  severity_of_harm: 'low',
  abuser_access: 'low',
  care_setting_obstacles: 'low',
  child_capacity: 'low',
};
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const directReport = (commune: string) => ({
  receivedAt: new Date(Date.now() - 60_000).toISOString(),
  incidentCommuneCode: commune,
  concerns: ['violence'],
  children: [{ sex: 'male', ageYears: 6 }],
});

/** A valid body for each step (validation runs before the case is looked up). */
const STEP_BODIES: Record<string, unknown> = {
  assignment: { workerId: 'commune_worker-00004' },
  residence: { communeCode: A },
  'initial-assessment': {
    scores,
    seriousThreat: false,
    caregiverIsAbuser: false,
    outcome: 'support',
    summary: 'matrix probe',
  },
  'emergency-measures': {
    measures: [{ measure: 'removal_from_danger', by: 'police', description: 'probe' }],
  },
  separation: { decisionNo: '1/QĐ', placement: 'relative', placementNote: 'probe', endsAt: inDays(5) },
  'separation/extension': { endsAt: inDays(10), reason: 'probe' },
  'separation/revocation': { reason: 'probe' },
  'detailed-assessment': { scores, needs: ['psychological'], assistedBy: 'hotline_111', summary: 'probe' },
  'needs-meeting': {
    participants: [{ role: 'commune_chair' }, { role: 'child' }],
    childViews: { heard: true, summary: 'probe' },
    minutes: 'probe',
  },
  plan: {
    goals: ['probe'],
    items: [
      {
        measure: 'counselling',
        description: 'probe',
        responsibleBody: 'probe',
        dueDate: inDays(30).slice(0, 10),
      },
    ],
  },
  'plan/submission': {},
  'plan/decision': { decision: 'approve', decisionNo: '2/QĐ' },
  services: {
    itemId: '00000000-0000-4000-8000-000000000000',
    provider: 'probe',
    description: 'probe',
    completesItem: false,
  },
  reviews: {
    scores,
    childSafe: true,
    stability: { physical: true, psychological: true, cognitive: true, emotional: true },
    outcome: 'continue',
    notes: 'probe',
  },
  'plan/end': { note: 'probe' },
  closure: { reason: 'not_verified', note: 'probe' },
  reopening: { reason: 'probe' },
  level: { to: 'intervention', reason: 'probe' },
  'police-notification': { policeUnit: 'probe' },
  'criminal-outcome': { outcome: 'not_a_crime', note: 'probe' },
  transfer: { toCommuneCode: B, reason: 'probe' },
  'transfer/acceptance': {},
  'transfer/decline': { reason: 'probe' },
  erasure: { basis: 'subject_request', reference: 'Đơn 1/2026' },
  'erasure-request': { basis: 'subject_request', reference: 'Đơn 1/2026' },
  'erasure-request/approval': { requestId: '00000000-0000-4000-8000-000000000000' },
  'erasure-request/rejection': {
    requestId: '00000000-0000-4000-8000-000000000000',
    reasonCode: 'document_not_verified',
  },
  'legal-holds': { reasonCode: 'inspection', reference: '1/2026/TTr' },
  'legal-holds/release': {
    holdId: '00000000-0000-4000-8000-000000000000',
    reasonCode: 'inspection_concluded',
    reference: '2/2026/TTr',
  },
};

/** The request for a route (its concrete path, body and headers), for a role. */
function probeFor(route: RouteAccess, role: Role, f: Fixtures): Probe | undefined {
  const unit = HOME[role][0] === 'VN' ? PA : HOME[role][0];
  const key = routeKey(route);
  if (['/health', '/health/live', '/health/ready', '/metrics', '/api/docs'].includes(route.path)) {
    return { path: route.path, inside: 200 };
  }
  if (
    route.service === 'casework' &&
    route.method === 'POST' &&
    route.path.startsWith('/api/v1/cases/:id/')
  ) {
    const step = route.path.slice('/api/v1/cases/:id/'.length);
    const id = route.jurisdiction === 'transfer-target' ? f.caseT : f.caseA;
    if (!(step in STEP_BODIES)) return undefined;
    return { path: `/api/v1/cases/${id}/${step}`, body: STEP_BODIES[step], headers: STALE, inside: 409 };
  }
  const probes: Record<string, Record<string, Probe>> = {
    intake: {
      'POST /api/v1/contacts': {
        path: '/api/v1/contacts',
        body: reportBody({ incidentCommuneCode: A }),
        inside: 201,
      },
      'GET /api/v1/contacts': { path: '/api/v1/contacts', inside: 200 },
      'GET /api/v1/follow-ups': { path: '/api/v1/follow-ups', inside: 200 },
      'GET /api/v1/clock-policies': { path: '/api/v1/clock-policies', inside: 200 },
      'GET /api/v1/contacts/:id': {
        path: `/api/v1/contacts/${f.contactOf[role] ?? f.contactX}`,
        inside: 200,
      },
      'GET /api/v1/contacts/:id/integrity': { path: `/api/v1/contacts/${f.contactX}/integrity`, inside: 200 },
      'GET /api/v1/integrity/public-key': { path: '/api/v1/integrity/public-key', inside: 200 },
      'GET /api/v1/contacts/:id/possible-duplicates': {
        path: `/api/v1/contacts/${f.contactX}/possible-duplicates`,
        inside: 200,
      },
      'POST /api/v1/contacts/possible-duplicates': {
        path: '/api/v1/contacts/possible-duplicates',
        body: { children: [{ name: 'Nguyễn Văn An', ageYears: 9 }], incidentCommuneCode: A },
        inside: 200,
      },
      'POST /api/v1/contacts/:id/referrals': {
        path: `/api/v1/contacts/${f.contactOf[role] ?? f.contactOpen}/referrals`,
        body: { communeCode: A },
        headers: STALE,
        inside: 409,
        insideCode: VERSION_CONFLICT,
      },
      'POST /api/v1/contacts/:id/case-link': {
        path: `/api/v1/contacts/${f.contactOpen}/case-link`,
        body: { caseId: f.caseA, reason: 'probe' },
        headers: STALE,
        inside: 409,
        insideCode: VERSION_CONFLICT,
      },
      'POST /api/v1/contacts/:id/closure': {
        path: `/api/v1/contacts/${f.contactOpen}/closure`,
        body: { outcome: 'counselled' },
        headers: STALE,
        inside: 409,
        insideCode: VERSION_CONFLICT,
      },
      // A stale If-Match: nothing is erased (the contact is not over either).
      'POST /api/v1/contacts/:id/erasure': {
        path: `/api/v1/contacts/${f.contactOpen}/erasure`,
        body: { basis: 'subject_request', reference: 'Đơn 1/2026' },
        headers: STALE,
        inside: 409,
        insideCode: VERSION_CONFLICT,
      },
      'GET /api/v1/communes': { path: '/api/v1/communes?q=ba%20dinh', inside: 200 },
      'GET /api/v1/communes/:code': { path: `/api/v1/communes/${A}`, inside: 200 },
    },
    casework: {
      'POST /api/v1/cases': { path: '/api/v1/cases', body: directReport(A), inside: 201 },
      'GET /api/v1/cases': {
        path: '/api/v1/cases?limit=500',
        inside: 200,
        check: (res, side, role) => {
          const ids = (res.body as Array<{ id: string }>).map((c) => c.id);
          const byReferral = jurisdictionOf(route, role) === 'own-referrals';
          // The hotline: case A (a referral) for its counsellor and every supervisor; case Z (opened by a
          // commune) never. The others: case A inside; case Z (province 79) outside only.
          const wantA = byReferral ? side === 'inside' || role === 'hotline_supervisor' : side === 'inside';
          const wantZ = byReferral ? false : side === 'outside';
          if (ids.includes(f.caseA) !== wantA)
            return `case A ${wantA ? 'missing from' : 'listed in'} the list`;
          if (ids.includes(f.caseZ) !== wantZ)
            return `case Z ${wantZ ? 'missing from' : 'listed in'} the list`;
          return undefined;
        },
      },
      'GET /api/v1/cases/:id': {
        path: `/api/v1/cases/${f.caseA}`,
        inside: 200,
        check: (res, _side, role) => {
          const body = res.body as Record<string, unknown>;
          if (jurisdictionOf(route, role) !== 'own-referrals') {
            return 'children' in body && body.view === undefined ? undefined : 'not the case file';
          }
          const leaked = NARRATIVE.filter((k) => k in body);
          if (body.view !== 'follow_up') return `view ${String(body.view)}, not follow_up`;
          return leaked.length ? `the follow-up view carries ${leaked.join(', ')}` : undefined;
        },
      },
      'GET /api/v1/cases/:id/history': { path: `/api/v1/cases/${f.caseA}/history`, inside: 200 },
      'GET /api/v1/cases/:id/integrity': { path: `/api/v1/cases/${f.caseA}/integrity`, inside: 200 },
      'GET /api/v1/cases/:id/identity': { path: `/api/v1/cases/${f.caseA}/identity`, inside: 200 },
      'GET /api/v1/integrity/public-key': { path: '/api/v1/integrity/public-key', inside: 200 },
      'GET /api/v1/deadline-policies': { path: '/api/v1/deadline-policies', inside: 200 },
      'GET /api/v1/deadline-policies/:version': {
        path: `/api/v1/deadline-policies/${encodeURIComponent(f.policyVersion)}`,
        inside: 200,
      },
      // Invalid after the unit check: the policy would apply retroactively.
      'POST /api/v1/deadline-policies': {
        path: '/api/v1/deadline-policies',
        body: {
          scope: PA,
          effectiveFrom: '2020-01-01T00:00:00+07:00',
          values: POLICY_VALUES,
          reason: 'probe',
        },
        inside: 422,
        insideCode: 'POLICY.RETROACTIVE',
      },
      'GET /api/v1/calendar/working-days': {
        path: '/api/v1/calendar/working-days?from=2026-01-01&to=2026-01-10',
        inside: 200,
      },
      'GET /api/v1/calendar/overrides': { path: '/api/v1/calendar/overrides', inside: 200 },
      // Invalid after the VN check: 30 February.
      'POST /api/v1/calendar/overrides': {
        path: '/api/v1/calendar/overrides',
        body: { date: '2026-02-30', kind: 'day_off', name: 'probe', source: 'probe' },
        inside: 422,
        insideCode: 'CALENDAR.INVALID_OVERRIDE',
      },
    },
    reporting: {
      'GET /api/v1/cases': { path: `/api/v1/cases?unit=${unit}`, inside: 200 },
      'GET /api/v1/dashboard': { path: `/api/v1/dashboard?unit=${unit}`, inside: 200 },
      'GET /api/v1/statistics': { path: `/api/v1/statistics?unit=${unit}&period=2026`, inside: 200 },
      'GET /api/v1/reports/periodic': {
        path: `/api/v1/reports/periodic?unit=${unit}&period=2026`,
        inside: 200,
      },
      'GET /api/v1/indicators': { path: '/api/v1/indicators', inside: 200 },
      // A valid definition (the pipe validates it first), invalid after the VN check: the body names
      // another indicator than the path.
      'PUT /api/v1/indicators/:code': {
        path: '/api/v1/indicators/MATRIX-PROBE',
        body: {
          code: 'ANOTHER-CODE',
          name: { vi: 'Thử', en: 'Probe' },
          counts: 'Nothing: a probe.',
          basis: '',
          facts: ['contact'],
          subject: 'contact',
          dimensions: [],
        },
        inside: 422,
        insideCode: 'INDICATOR.CODE_MISMATCH',
      },
      'GET /api/v1/admin/projections': { path: '/api/v1/admin/projections', inside: 200 },
      // An unknown read model: nothing is rebuilt.
      'POST /api/v1/admin/projections/:name/rebuild': {
        path: '/api/v1/admin/projections/no_such_projection/rebuild',
        inside: 404,
        insideCode: 'PROJECTION.UNKNOWN',
      },
      'GET /api/v1/admin/projections/:name/rebuild': {
        path: '/api/v1/admin/projections/no_such_projection/rebuild',
        inside: 404,
        insideCode: 'PROJECTION.UNKNOWN',
      },
      'GET /api/v1/audit': { path: `/api/v1/audit?unit=${unit}&actorId=matrix-probe`, inside: 200 },
      'GET /api/v1/audit/cases/:id/timeline': {
        path: `/api/v1/audit/cases/${f.caseA}/timeline`,
        inside: 200,
      },
      'GET /api/v1/audit/cases/:id/integrity': {
        path: `/api/v1/audit/cases/${f.caseA}/integrity`,
        inside: 200,
      },
      'GET /api/v1/audit/integrity/checkpoints': { path: '/api/v1/audit/integrity/checkpoints', inside: 200 },
      'GET /api/v1/audit/integrity/alerts': { path: '/api/v1/audit/integrity/alerts', inside: 200 },
    },
  };
  return probes[route.service]?.[key];
}

function expectedStatus(route: RouteAccess, role: Role, side: Side, probe: Probe): number {
  if (!roleAllowed(route, role)) return 403;
  if (side === 'inside') return probe.inside;
  const rule = jurisdictionOf(route, role);
  // A list answers 200 without what is outside; a supervisor follows every referral, whatever its units.
  if (rule === 'own-referrals' && (route.jurisdiction === 'case-list' || role === 'hotline_supervisor')) {
    return probe.inside;
  }
  const outside = OUTSIDE[rule];
  return outside === 'as-inside' ? probe.inside : outside;
}

/**
 * The problem code must say WHY: a role refused by the guard (AUTH.ROLE_NOT_ALLOWED), a refusal by unit
 * that is not the guard's, the named invalid field or the version conflict inside.
 */
function problemCode(c: Cell, p: Probe): string | undefined {
  const allowed = roleAllowed(c.route, c.role);
  if (!allowed) return c.code === ROLE_NOT_ALLOWED ? undefined : `code ${c.code}, not ${ROLE_NOT_ALLOWED}`;
  if (c.side === 'inside' && p.insideCode && c.code !== p.insideCode)
    return `code ${c.code}, not ${p.insideCode}`;
  if (c.side === 'outside' && c.actual! >= 400 && c.actual !== p.inside) {
    if (c.code === ROLE_NOT_ALLOWED || !c.code) return `code ${c.code}: the refusal is not by unit`;
    if (c.actual === 404 && !c.code.endsWith('NOT_FOUND')) return `code ${c.code}, not a NOT_FOUND`;
  }
  return undefined;
}

interface Cell {
  route: RouteAccess;
  role: Role;
  side: Side;
  units: string[];
  /** The token's subject, where the rule is by person. */
  sub?: string;
  method: string;
  path: string;
  expected: number;
  actual?: number;
  problem?: string;
  code?: string;
}

let stack: Stack;
const cells: Cell[] = [];
const missingProbes: string[] = [];
let elapsedMs = 0;

beforeAll(async () => {
  stack = await Stack.start({ name: 'access-matrix' });
  const started = Date.now();
  const tokens = new Map<string, Promise<string>>();
  const tok = (role: Role, units: string[], sub?: string) => {
    const k = `${role}|${units.join('+')}|${sub ?? ''}`;
    if (!tokens.has(k)) tokens.set(k, token(role, units, sub));
    return tokens.get(k)!;
  };

  // ── fixtures ──
  // Case A: a hotline referral by counsellor X to commune A.
  const counsellorX = await tok('hotline_counsellor', ['VN'], REFERRER);
  const contact = await recordAndRefer(stack.intake, counsellorX, A, reportBody({ incidentCommuneCode: A }));
  const caseA = await eventually(
    async () =>
      (await stack.intake.get<ContactView>(`/api/v1/contacts/${contact.id}`, { token: counsellorX })).body
        .referral?.caseId ?? undefined,
    { ...POLL, what: 'the referral to open case A' },
  );
  // A contact not referred, for the contact commands.
  const open = expectStatus(
    await stack.intake.post<ContactView>('/api/v1/contacts', reportBody({ incidentCommuneCode: A }), {
      token: counsellorX,
    }),
    201,
    'record a contact',
  ).body;
  // Reports recorded by a commune worker of A and an officer of A's province (Decree 56 Art. 25.1).
  const contactOf: Fixtures['contactOf'] = {};
  for (const role of ['commune_worker', 'provincial_officer'] as const) {
    contactOf[role] = expectStatus(
      await stack.intake.post<ContactView>('/api/v1/contacts', reportBody({ incidentCommuneCode: A }), {
        token: await tok(role, HOME[role]),
      }),
      201,
      `record a report as ${role}`,
    ).body.id;
  }
  // Case Z: opened directly by the commune of province 79.
  const caseZ = expectStatus(
    await stack.casework.post<{ id: string }>('/api/v1/cases', directReport(Z), {
      token: await tok('commune_worker', [Z]),
    }),
    201,
    'open case Z',
  ).body.id;
  // Case T: opened by commune A, its transfer to commune B pending.
  const chairA = await tok('commune_chair', [A]);
  const caseT = expectStatus(
    await stack.casework.post<{ id: string; version: number }>('/api/v1/cases', directReport(A), {
      token: chairA,
    }),
    201,
    'open case T',
  ).body;
  expectStatus(
    await stack.casework.post(
      `/api/v1/cases/${caseT.id}/transfer`,
      { toCommuneCode: B, reason: 'The family moved.' },
      { token: chairA, headers: { 'If-Match': `"${caseT.version}"` } },
    ),
    200,
    'request the transfer of case T',
  );
  const policies = expectStatus(
    await stack.casework.get<Array<{ version: string }>>('/api/v1/deadline-policies', {
      token: await tok('admin', [PA]),
    }),
    200,
    'list the deadline policies',
  ).body;
  // Reporting has case A (its timeline and caseload come from the copied events).
  const inspector = await tok('inspector', [PA]);
  await eventually(
    async () =>
      (await stack.reporting.get(`/api/v1/audit/cases/${caseA}/timeline`, { token: inspector })).status ===
      200
        ? true
        : undefined,
    { ...POLL, what: 'reporting to hold case A' },
  );
  const f: Fixtures = {
    caseA,
    caseT: caseT.id,
    caseZ,
    contactX: contact.id,
    contactOpen: open.id,
    contactOf,
    policyVersion: policies[0].version,
  };

  // ── the cells, from the matrix ──
  for (const route of ACCESS_MATRIX) {
    for (const role of ROLES) {
      const probe = probeFor(route, role, f);
      if (!probe) {
        missingProbes.push(`${route.service} ${routeKey(route)}`);
        break;
      }
      for (const side of SIDES) {
        cells.push({
          route,
          role,
          side,
          units: unitsFor(route, role, side),
          sub: subFor(route, role, side),
          method: route.method,
          path: probe.path,
          expected: expectedStatus(route, role, side, probe),
        });
      }
    }
  }
  const probes = new Map<Cell, Probe>();
  for (const c of cells) probes.set(c, probeFor(c.route, c.role, f)!);
  await mapLimit(cells, 24, async (c) => {
    const p = probes.get(c)!;
    const res = await stack[c.route.service].request(c.method, p.path, p.body, {
      token: await tok(c.role, c.units, c.sub),
      headers: p.headers,
    });
    c.actual = res.status;
    c.code = res.status >= 400 ? (res.body as { code?: string } | undefined)?.code : undefined;
    if (res.status !== c.expected) return;
    c.problem = problemCode(c, p) ?? (p.check && res.status < 300 ? p.check(res, c.side, c.role) : undefined);
  });
  elapsedMs = Date.now() - started;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

it('has a probe for every route of the matrix', () => {
  expect(missingProbes).toEqual([]);
  expect(cells.length).toBe(ACCESS_MATRIX.length * ROLES.length * SIDES.length);
});

describe.each(ACCESS_MATRIX.map((r) => [`${r.service} ${routeKey(r)}`, r] as const))('%s', (_name, route) => {
  it('answers every role, inside and outside the jurisdiction, with the exact status', () => {
    const mine = cells.filter((c) => c.route === route);
    const got = mine.map((c) => `${c.role} ${c.side}: ${c.actual}${c.problem ? ` (${c.problem})` : ''}`);
    const want = mine.map((c) => `${c.role} ${c.side}: ${c.expected}`);
    expect(got).toEqual(want);
  });
});

it('writes the counts to .local/access-matrix-report.json', () => {
  const byStatus: Record<string, number> = {};
  for (const c of cells) byStatus[String(c.actual)] = (byStatus[String(c.actual)] ?? 0) + 1;
  const mismatches = cells
    .filter((c) => c.actual !== c.expected || c.problem)
    .map((c) => ({
      service: c.route.service,
      route: routeKey(c.route),
      role: c.role,
      side: c.side,
      units: c.units,
      sub: c.sub,
      expected: c.expected,
      actual: c.actual,
      code: c.code,
      problem: c.problem,
    }));
  const report = {
    generatedAt: new Date().toISOString(),
    routes: ACCESS_MATRIX.length,
    roles: ROLES.length,
    sides: SIDES.length,
    cells: cells.length,
    byService: Object.fromEntries(
      (['intake', 'casework', 'reporting'] as const).map((s) => [
        s,
        ACCESS_MATRIX.filter((r) => r.service === s).length,
      ]),
    ),
    byStatus,
    byCode: cells.reduce<Record<string, number>>((acc, c) => {
      const k = `${c.actual} ${c.code ?? '-'}`;
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {}),
    matched: cells.length - mismatches.length,
    mismatches,
    requestsMs: elapsedMs,
  };
  const file = path.join(ROOT, '.local', 'access-matrix-report.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  expect(mismatches).toEqual([]);
});
