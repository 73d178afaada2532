/**
 * What the signed-in user may do, from the access token the identity provider issued: `roles` (the service
 * roles) and `units` (commune or province codes). The services check every call themselves; the console only
 * decides which workspaces and menu entries to show.
 */
export const ROLES = [
  'hotline_counsellor',
  'hotline_supervisor',
  'commune_worker',
  'commune_chair',
  'provincial_officer',
  'inspector',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface Access {
  sub: string;
  roles: Role[];
  units: string[];
}

/** The claims of a JWT, unverified (the services verify it; the console only reads what to show). */
export function decodeClaims(jwt: string | undefined): Record<string, unknown> {
  if (!jwt) return {};
  const part = jwt.split('.')[1];
  if (!part) return {};
  try {
    const b64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function accessFrom(accessToken: string | undefined): Access {
  const claims = decodeClaims(accessToken);
  return {
    sub: typeof claims.sub === 'string' ? claims.sub : '',
    roles: strings(claims.roles).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    units: strings(claims.units),
  };
}

export type MenuEntry =
  'newCall' | 'newReport' | 'myContacts' | 'allContacts' | 'awaiting' | 'followUps' | 'teamContacts';

export const MENU_PATHS: Record<MenuEntry, string> = {
  newCall: '/calls/new',
  newReport: '/calls/new',
  myContacts: '/contacts/mine',
  allContacts: '/contacts',
  awaiting: '/contacts/awaiting',
  followUps: '/supervisor/follow-ups',
  teamContacts: '/supervisor/team',
};

const isHotline = (roles: readonly Role[]) =>
  roles.includes('hotline_counsellor') || roles.includes('hotline_supervisor');

/**
 * A body that receives reports besides the hotline (Decree 56 Art. 25.1): the commune of the incident and the
 * provincial health department record the same Mẫu 01, for a report only and within their own units; the
 * hotline's work lists, follow-ups and closures are not theirs.
 */
export function receivesReportsOnly(roles: readonly Role[]): boolean {
  return !isHotline(roles) && (roles.includes('commune_worker') || roles.includes('provincial_officer'));
}

/** The menu of the user's roles, in the order the entries are shown. */
export function menuFor(roles: readonly Role[]): MenuEntry[] {
  const out: MenuEntry[] = [];
  if (isHotline(roles)) out.push('newCall', 'myContacts', 'allContacts', 'awaiting');
  else if (receivesReportsOnly(roles)) out.push('newReport');
  if (roles.includes('hotline_supervisor')) out.push('followUps', 'teamContacts');
  return out;
}

/** Where a user lands: the supervisor on the alerts, whoever records reports on the form, others at home. */
export function homePath(roles: readonly Role[]): string {
  if (roles.includes('hotline_supervisor')) return MENU_PATHS.followUps;
  if (roles.includes('hotline_counsellor') || receivesReportsOnly(roles)) return MENU_PATHS.newCall;
  return '/home';
}
