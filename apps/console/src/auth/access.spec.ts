import { accessFrom, decodeClaims, homePath, menuFor, receivesReportsOnly } from './access';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'RS256' })}.${b64url(claims)}.sig`;

describe('the access token', () => {
  it('gives the roles and units the console shows menus for', () => {
    const token = jwt({
      sub: 'u-1',
      roles: ['hotline_counsellor', 'not_a_role'],
      units: ['01'],
      name: 'Nguyễn Thị Hoà',
    });
    expect(accessFrom(token)).toEqual({ sub: 'u-1', roles: ['hotline_counsellor'], units: ['01'] });
    expect(decodeClaims(token).name).toBe('Nguyễn Thị Hoà');
  });
  it('that is missing or malformed gives no role', () => {
    expect(accessFrom(undefined)).toEqual({ sub: '', roles: [], units: [] });
    expect(accessFrom('garbage')).toEqual({ sub: '', roles: [], units: [] });
    expect(accessFrom('a.%%%.c').roles).toEqual([]);
  });
});

describe('the menu', () => {
  it('of a counsellor is the call and the work lists', () => {
    expect(menuFor(['hotline_counsellor'])).toEqual(['newCall', 'myContacts', 'allContacts', 'awaiting']);
    expect(homePath(['hotline_counsellor'])).toBe('/calls/new');
  });
  it('of a supervisor adds the follow-up alerts and the team', () => {
    expect(menuFor(['hotline_supervisor'])).toContain('followUps');
    expect(menuFor(['hotline_supervisor'])).toContain('teamContacts');
    expect(homePath(['hotline_supervisor'])).toBe('/supervisor/follow-ups');
  });
  it('of a commune worker or a provincial officer is recording a report (Decree 56 Art. 25.1), not the hotline', () => {
    for (const role of ['commune_worker', 'provincial_officer'] as const) {
      expect(menuFor([role])).toEqual(['newReport']);
      expect(homePath([role])).toBe('/calls/new');
      expect(receivesReportsOnly([role])).toBe(true);
    }
    expect(receivesReportsOnly(['hotline_counsellor', 'commune_worker'])).toBe(false);
  });
  it('of a chair or an inspector has nothing yet (their workspaces come later)', () => {
    for (const role of ['commune_chair', 'inspector'] as const) {
      expect(menuFor([role])).toEqual([]);
      expect(homePath([role])).toBe('/home');
    }
  });
});
