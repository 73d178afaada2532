import { ROLES, type Role } from '@cp/contracts';

/**
 * Who may call which HTTP route, and for which records: the one role × action matrix of the three
 * services (README "Who may do what").
 *
 * It is data, not the enforcement: the controllers' @Roles() decorators (casework's derived from
 * STEP_RULES) and the use cases' unit checks enforce it (which of a token's units count for which kind of
 * role: `unit-scope.ts`). Two tests keep them equal to this table:
 *
 * - `tests/contract/access-matrix.spec.ts` reads the Nest route metadata of every controller of the three AppModules
 *   (path, method, the ROLES_KEY / PUBLIC_KEY metadata) and asserts it is this table, route for route
 *   and role for role, and that the README's table is the one `renderAccessMatrix()` prints;
 * - `tests/e2e/access-matrix.e2e.spec.ts` sends, for every route × role × {inside, outside the
 *   jurisdiction}, one request to a running stack and asserts the exact status.
 *
 * Where the code differs from what the README or DOMAIN promised, this table says what the CODE does.
 */

/** How a route narrows what an allowed role may see or do by the administrative units in its token. */
export const JURISDICTIONS = {
  none: 'no token needed',
  national: 'any unit: nothing here is bound to a unit (or it is national data)',
  'case-communes':
    "the case's incident, residence or carrying commune, the commune a transfer is addressed to, or (for provincial_officer and inspector) their province or VN; a commune role counts only its 5-digit commune units; outside answers 404",
  'case-list':
    'a list filtered by the same rule as `case-communes` (any of those communes, or their province): outside answers 200 without them',
  'incident-commune':
    "the body's `incidentCommuneCode` must be one of the user's communes (5-digit units; a province or VN on a commune role's token does not count), else 403",
  'carrying-commune':
    "the commune that carries the case (one of a commune role's 5-digit units); a case the user cannot see answers 404, a case-commune that does not carry it 403, both decided before the `If-Match` version check (409 only for those who may act)",
  'carrying-province':
    "the province of the commune that carries the case (an oversight role's 2-digit unit) or VN; a case the user cannot see answers 404, one of another province they can see 403 (`CASE.NOT_CASE_PROVINCE`), both decided before the `If-Match` version check",
  'transfer-target':
    "the commune a pending transfer is addressed to (one of a commune role's 5-digit units); a case the user cannot see answers 404, a case-commune that is not the target 403, before the `If-Match` check",
  'unit-param':
    "the `unit` query (default: the user's first unit) must be within the user's units (a commune role's: its 5-digit communes only), else 403",
  'own-referrals':
    "hotline_counsellor: only the cases they referred (the `actor` of intake's `ReportReferred`, recorded in casework's case index); hotline_supervisor: any case opened from a hotline referral; units do not matter. They get the follow-up view, status-level only (open or closed, taken up, overdue, urgent, the incident and carrying communes, the assigned worker, dates; no stage, level, deadlines, next steps, children, report, assessments, meetings, plan, services, reviews or notes), access-logged as `follow_up`; outside answers 404 (a list: 200 without them)",
  'admin-units': "the body's `scope` must be within the admin's units, else 403",
  'report-receiver':
    "a body that records reports besides the hotline (Decree 56 Art. 25.1): the body's `incidentCommuneCode` must be within a provincial officer's units (its province, or VN) or one of a commune worker's 5-digit communes, else 403 (`CONTACT.OUT_OF_JURISDICTION`); answers are limited to that jurisdiction",
  'report-receiver-record':
    "the contact's incident commune must be within a provincial officer's units or one of a commune worker's communes; outside answers 404, before the `If-Match` version check",
  'vn-unit': 'only a user acting for VN (national), else 403',
} as const;
export type Jurisdiction = keyof typeof JURISDICTIONS;

export type Service = 'intake' | 'casework' | 'reporting';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteAccess {
  service: Service;
  method: HttpMethod;
  /** The path as served, with Nest's `:param`s (`/api/v1/...`, or `/health` and `/metrics`). */
  path: string;
  /** The roles allowed, or `public` (no token). */
  roles: readonly Role[] | 'public';
  jurisdiction: Jurisdiction;
  /** Roles whose records a route narrows by another rule than `jurisdiction` (hotline roles on cases). */
  roleJurisdictions?: Partial<Record<Role, Jurisdiction>>;
  /** Not a controller route (Swagger UI, mounted by the bootstrap): the metadata check skips it. */
  mountedBy?: 'swagger';
  /** Anything the role list and the rule do not say. */
  note?: string;
}

const HOTLINE = ['hotline_counsellor', 'hotline_supervisor'] as const;
/** The hotline and the other bodies that record Mẫu 01 (Decree 56 Art. 25.1; police users come later). */
const RECEIVERS = [...HOTLINE, 'provincial_officer', 'commune_worker'] as const;
const AS_RECEIVER = { provincial_officer: 'report-receiver', commune_worker: 'report-receiver' } as const;
const AS_RECEIVER_RECORD = {
  provincial_officer: 'report-receiver-record',
  commune_worker: 'report-receiver-record',
} as const;
const WORKER = ['commune_worker'] as const;
const CHAIR = ['commune_chair'] as const;
const COMMUNE = ['commune_worker', 'commune_chair'] as const;
const CASE_READERS = ['commune_worker', 'commune_chair', 'provincial_officer', 'inspector'] as const;
/** Case readers and, on the routes of the follow-up view, the hotline (the cases it referred). */
const CASE_FOLLOWERS = [...CASE_READERS, ...HOTLINE] as const;
const BY_REFERRAL = { hotline_counsellor: 'own-referrals', hotline_supervisor: 'own-referrals' } as const;
const POLICY_READERS = [...CASE_READERS, 'admin'] as const;
const ADMIN = ['admin'] as const;
const PROVINCE = ['provincial_officer'] as const;
const OVERSIGHT = ['provincial_officer', 'inspector'] as const;

/** The routes served outside the `/api/v1` prefix (health and metrics), as the bootstrap mounts them. */
export const UNPREFIXED_ROUTES = ['health', 'health/live', 'health/ready', 'metrics'] as const;

/** The public key that verifies a service's signed checkpoints: public, so an inspector can fetch it. */
const checkpointKey = (service: Service): RouteAccess => ({
  service,
  method: 'GET',
  path: '/api/v1/integrity/public-key',
  roles: 'public',
  jurisdiction: 'none',
});

const ops = (service: Service): RouteAccess[] => [
  {
    service,
    method: 'GET',
    path: '/health',
    roles: 'public',
    jurisdiction: 'none',
    note: 'the same as `/health/ready`',
  },
  {
    service,
    method: 'GET',
    path: '/health/live',
    roles: 'public',
    jurisdiction: 'none',
    note: 'liveness: asks no dependency',
  },
  {
    service,
    method: 'GET',
    path: '/health/ready',
    roles: 'public',
    jurisdiction: 'none',
    note: 'readiness: 503 without the database; Kafka down is `degraded` (200)',
  },
  { service, method: 'GET', path: '/metrics', roles: 'public', jurisdiction: 'none' },
  {
    service,
    method: 'GET',
    path: '/api/docs',
    roles: 'public',
    jurisdiction: 'none',
    mountedBy: 'swagger',
    note: 'with NODE_ENV=production: any valid token, else 401',
  },
];

const step = (path: string, roles: readonly Role[], jurisdiction: Jurisdiction = 'carrying-commune') =>
  ({
    service: 'casework',
    method: 'POST',
    path: `/api/v1/cases/:id/${path}`,
    roles,
    jurisdiction,
  }) satisfies RouteAccess;

export const ACCESS_MATRIX: readonly RouteAccess[] = [
  // ───────────── intake (:3001) ─────────────
  ...ops('intake'),
  {
    service: 'intake',
    method: 'POST',
    path: '/api/v1/contacts',
    roles: RECEIVERS,
    jurisdiction: 'national',
    roleJurisdictions: AS_RECEIVER,
    note: 'a provincial officer or a commune worker records reports only (purpose `report`)',
  },
  { service: 'intake', method: 'GET', path: '/api/v1/contacts', roles: HOTLINE, jurisdiction: 'national' },
  { service: 'intake', method: 'GET', path: '/api/v1/follow-ups', roles: HOTLINE, jurisdiction: 'national' },
  {
    service: 'intake',
    method: 'GET',
    path: '/api/v1/clock-policies',
    roles: [...HOTLINE, 'inspector'],
    jurisdiction: 'national',
  },
  {
    service: 'intake',
    method: 'GET',
    path: '/api/v1/contacts/:id',
    roles: RECEIVERS,
    roleJurisdictions: AS_RECEIVER_RECORD,
    jurisdiction: 'national',
  },
  {
    service: 'intake',
    method: 'GET',
    path: '/api/v1/contacts/:id/integrity',
    roles: ['hotline_supervisor', 'inspector'],
    jurisdiction: 'national',
    note: 'hashes and versions only, no personal data',
  },
  {
    service: 'intake',
    method: 'GET',
    path: '/api/v1/contacts/:id/possible-duplicates',
    roles: HOTLINE,
    jurisdiction: 'national',
  },
  {
    service: 'intake',
    method: 'POST',
    path: '/api/v1/contacts/possible-duplicates',
    roles: RECEIVERS,
    roleJurisdictions: AS_RECEIVER,
    jurisdiction: 'national',
  },
  {
    service: 'intake',
    method: 'POST',
    path: '/api/v1/contacts/:id/referrals',
    roles: RECEIVERS,
    roleJurisdictions: AS_RECEIVER_RECORD,
    jurisdiction: 'national',
  },
  {
    service: 'intake',
    method: 'POST',
    path: '/api/v1/contacts/:id/case-link',
    roles: HOTLINE,
    jurisdiction: 'national',
  },
  {
    service: 'intake',
    method: 'POST',
    path: '/api/v1/contacts/:id/closure',
    roles: HOTLINE,
    jurisdiction: 'national',
  },
  {
    service: 'intake',
    method: 'POST',
    path: '/api/v1/contacts/:id/erasure',
    roles: ['hotline_supervisor'],
    jurisdiction: 'national',
    note: 'a document reference; a contact closed at the hotline: whole; a report that went to a case: its caller’s identity only, once the case is closed, past its retention (court order excepted) and not held',
  },
  { service: 'intake', method: 'GET', path: '/api/v1/communes', roles: ROLES, jurisdiction: 'national' },
  {
    service: 'intake',
    method: 'GET',
    path: '/api/v1/communes/:code',
    roles: ROLES,
    jurisdiction: 'national',
  },

  checkpointKey('intake'),

  // ───────────── casework (:3002) ─────────────
  ...ops('casework'),
  checkpointKey('casework'),
  {
    service: 'casework',
    method: 'POST',
    path: '/api/v1/cases',
    roles: COMMUNE,
    jurisdiction: 'incident-commune',
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/cases',
    roles: CASE_FOLLOWERS,
    jurisdiction: 'case-list',
    roleJurisdictions: BY_REFERRAL,
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/cases/:id',
    roles: CASE_FOLLOWERS,
    jurisdiction: 'case-communes',
    roleJurisdictions: BY_REFERRAL,
    note: 'hotline roles get the follow-up view',
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/cases/:id/history',
    roles: CASE_READERS,
    jurisdiction: 'case-communes',
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/cases/:id/integrity',
    roles: CASE_READERS,
    jurisdiction: 'case-communes',
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/cases/:id/identity',
    roles: COMMUNE,
    jurisdiction: 'carrying-commune',
    note: "who the child is (Decree 56 Art. 26.1), for the carrying commune's worker and chair only; access-logged",
  },
  step('assignment', COMMUNE),
  step('residence', COMMUNE),
  step('initial-assessment', WORKER),
  step('emergency-measures', CHAIR),
  step('separation', CHAIR),
  step('separation/extension', CHAIR),
  step('separation/revocation', CHAIR),
  step('detailed-assessment', WORKER),
  step('needs-meeting', COMMUNE),
  step('plan', WORKER),
  step('plan/submission', WORKER),
  step('plan/decision', CHAIR),
  step('services', WORKER),
  step('reviews', WORKER),
  step('plan/end', CHAIR),
  step('closure', CHAIR),
  step('reopening', CHAIR),
  step('level', COMMUNE),
  step('police-notification', COMMUNE),
  step('criminal-outcome', COMMUNE),
  step('transfer', CHAIR),
  step('transfer/acceptance', CHAIR, 'transfer-target'),
  step('transfer/decline', CHAIR, 'transfer-target'),
  {
    ...step('erasure', CHAIR),
    note: 'always refused: 409 `ERASURE.APPROVAL_REQUIRED` naming `erasure-request` (an erasure needs the province’s approval)',
  },
  {
    ...step('erasure-request', CHAIR),
    note: 'a closed case past its retention (court order excepted), no legal hold, a document reference; erases nothing yet',
  },
  {
    ...step('erasure-request/approval', PROVINCE, 'carrying-province'),
    note: 'not the requester, not acting for the commune; destroys the case key, intake erases what the basis reaches in its contacts',
  },
  step('erasure-request/rejection', PROVINCE, 'carrying-province'),
  {
    ...step('legal-holds', OVERSIGHT, 'carrying-province'),
    note: 'while a hold is in place nothing of the case (nor of its contacts at the hotline) is erased',
  },
  step('legal-holds/release', OVERSIGHT, 'carrying-province'),
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/deadline-policies',
    roles: POLICY_READERS,
    jurisdiction: 'national',
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/deadline-policies/:version',
    roles: POLICY_READERS,
    jurisdiction: 'national',
  },
  {
    service: 'casework',
    method: 'POST',
    path: '/api/v1/deadline-policies',
    roles: ADMIN,
    jurisdiction: 'admin-units',
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/calendar/working-days',
    roles: POLICY_READERS,
    jurisdiction: 'national',
  },
  {
    service: 'casework',
    method: 'GET',
    path: '/api/v1/calendar/overrides',
    roles: POLICY_READERS,
    jurisdiction: 'national',
  },
  {
    service: 'casework',
    method: 'POST',
    path: '/api/v1/calendar/overrides',
    roles: ADMIN,
    jurisdiction: 'vn-unit',
  },

  // ───────────── reporting (:3003) ─────────────
  ...ops('reporting'),
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/cases',
    roles: CASE_READERS,
    jurisdiction: 'unit-param',
    note: 'the caseload of a unit; a commune role counts only its communes',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/dashboard',
    roles: CASE_READERS,
    jurisdiction: 'unit-param',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/statistics',
    roles: CASE_READERS,
    jurisdiction: 'unit-param',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/reports/periodic',
    roles: CASE_READERS,
    jurisdiction: 'unit-param',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/indicators',
    roles: POLICY_READERS,
    jurisdiction: 'national',
  },
  {
    service: 'reporting',
    method: 'PUT',
    path: '/api/v1/indicators/:code',
    roles: ADMIN,
    jurisdiction: 'vn-unit',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/admin/projections',
    roles: ADMIN,
    jurisdiction: 'vn-unit',
  },
  {
    service: 'reporting',
    method: 'POST',
    path: '/api/v1/admin/projections/:name/rebuild',
    roles: ADMIN,
    jurisdiction: 'vn-unit',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/admin/projections/:name/rebuild',
    roles: ADMIN,
    jurisdiction: 'vn-unit',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/audit',
    roles: ['inspector', 'provincial_officer', 'admin'],
    jurisdiction: 'unit-param',
    note: "without `unit`: within the user's units; an admin (without an oversight role) must name `actorId` (else 403) and sees no step content",
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/audit/cases/:id/timeline',
    roles: CASE_READERS,
    jurisdiction: 'case-communes',
    note: '`includeReads=true` only for inspector and provincial_officer (else 403); a commune role counts only its communes',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/audit/cases/:id/integrity',
    roles: CASE_READERS,
    jurisdiction: 'case-communes',
    note: 'a commune role counts only its communes',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/audit/integrity/checkpoints',
    roles: ['inspector', 'admin'],
    jurisdiction: 'national',
  },
  {
    service: 'reporting',
    method: 'GET',
    path: '/api/v1/audit/integrity/alerts',
    roles: ['inspector', 'admin'],
    jurisdiction: 'national',
    note: 'what the integrity sweep found (docs/audit-integrity.md); stream ids, versions and hashes only',
  },
];

/** `GET /api/v1/cases/:id` — a route's key, as tests and the README name it. */
export const routeKey = (r: Pick<RouteAccess, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/** The route of a service, by method and path. */
export function findRoute(service: Service, method: HttpMethod, path: string): RouteAccess | undefined {
  return ACCESS_MATRIX.find((r) => r.service === service && r.method === method && r.path === path);
}

/** The rule that narrows what `role` may see or do on the route. */
export function jurisdictionOf(route: RouteAccess, role: Role): Jurisdiction {
  return route.roleJurisdictions?.[role] ?? route.jurisdiction;
}

/** Does the matrix let `role` call the route at all (before any unit check)? */
export function roleAllowed(route: RouteAccess, role: Role): boolean {
  return route.roles === 'public' || route.roles.includes(role);
}

/** Short column names for the README table, in the order of ROLES. */
export const ROLE_ABBREVIATIONS: Record<Role, string> = {
  hotline_counsellor: 'HC',
  hotline_supervisor: 'HS',
  commune_worker: 'CW',
  commune_chair: 'CC',
  provincial_officer: 'PO',
  inspector: 'IN',
  admin: 'AD',
};

/**
 * The matrix as the README prints it (a Markdown table, one row per route). The unit spec checks that the
 * README holds exactly this table (compared without the padding Prettier adds).
 */
export function renderAccessMatrix(): string {
  const header = ['Service', 'Route', ...ROLES.map((r) => ROLE_ABBREVIATIONS[r]), 'Jurisdiction'];
  const rows = ACCESS_MATRIX.map((r) => [
    r.service,
    `\`${routeKey(r)}\``,
    ...ROLES.map((role) => (r.roles === 'public' ? 'any' : r.roles.includes(role) ? 'x' : '')),
    `\`${r.jurisdiction}\`${roleRules(r)}${r.note ? `: ${r.note.replace(/\|/g, '\\|')}` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** `; HC, HS: \`own-referrals\``: the roles of a route whose rule is not the route's. */
function roleRules(r: RouteAccess): string {
  const byRule = new Map<Jurisdiction, string[]>();
  for (const role of ROLES) {
    const j = r.roleJurisdictions?.[role];
    if (j && j !== r.jurisdiction) byRule.set(j, [...(byRule.get(j) ?? []), ROLE_ABBREVIATIONS[role]]);
  }
  return [...byRule].map(([j, roles]) => `; ${roles.join(', ')}: \`${j}\``).join('');
}

/** The jurisdiction rules as the README prints them under the table. */
export function renderJurisdictions(): string {
  return (Object.entries(JURISDICTIONS) as Array<[Jurisdiction, string]>)
    .map(([k, v]) => `- \`${k}\`: ${v}`)
    .join('\n');
}
