// The realm file against the code that reads its tokens: a role added to the services, a claim renamed or a
// development user with a unit the 2025 list does not hold fails here, before any Keycloak runs.
import fs from 'node:fs';
import path from 'node:path';
import { AdminUnits } from '@cp/admin-units';
import { ROLES } from '@cp/contracts';
import { DEV_PASSWORD, DEV_USERS, KEYCLOAK } from './keycloak';

interface Mapper {
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  publicClient?: boolean;
  standardFlowEnabled?: boolean;
  implicitFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  fullScopeAllowed?: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
  protocolMappers?: Mapper[];
}
interface Realm {
  realm: string;
  accessTokenLifespan: number;
  bruteForceProtected: boolean;
  passwordPolicy: string;
  roles: { realm: Array<{ name: string }> };
  clients: Client[];
  scopeMappings: Array<{ client: string; roles: string[] }>;
  components: Record<string, Array<{ config: Record<string, string[]> }>>;
  users: Array<{
    username: string;
    attributes: { units: string[] };
    realmRoles: string[];
    credentials: Array<{ value: string }>;
  }>;
}

const realm = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', '..', 'tools', 'keycloak', 'realm', 'child-protection-realm.json'),
    'utf8',
  ),
) as Realm;
const client = (id: string) => realm.clients.find((c) => c.clientId === id)!;
const serviceRoles = (roles: string[]) => roles.filter((r) => (ROLES as readonly string[]).includes(r));

describe('the realm file', () => {
  it('declares exactly the service roles, and the console carries only those in its tokens', () => {
    expect(realm.realm).toBe(KEYCLOAK.realm);
    const names = realm.roles.realm.map((r) => r.name);
    expect(serviceRoles(names).sort()).toEqual([...ROLES].sort());
    expect(names.filter((n) => !serviceRoles([n]).length)).toEqual(['default-roles-child-protection']);
    expect(client('cp-console').fullScopeAllowed).toBe(false);
    expect(realm.scopeMappings).toEqual([{ client: 'cp-console', roles: [...ROLES] }]);
  });

  it('makes the console a public client with the authorization code and PKCE S256 only', () => {
    expect(client(KEYCLOAK.consoleClientId)).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      redirectUris: ['http://localhost:4200/*'],
      webOrigins: ['http://localhost:4200'],
      attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256' }) as unknown,
    });
  });

  it('puts roles and units where the services read them, and the services as the audience', () => {
    const mappers = client(KEYCLOAK.consoleClientId).protocolMappers ?? [];
    const claim = (type: string) => mappers.find((m) => m.protocolMapper === type)?.config;
    // JwtVerifier's defaults (libs/auth/src/jwt.ts), also what OIDC_ROLES_CLAIM / OIDC_UNITS_CLAIM say.
    expect(claim('oidc-usermodel-realm-role-mapper')).toMatchObject({
      'claim.name': 'roles',
      multivalued: 'true',
      'access.token.claim': 'true',
    });
    expect(claim('oidc-usermodel-attribute-mapper')).toMatchObject({
      'user.attribute': 'units',
      'claim.name': 'units',
      multivalued: 'true',
      'access.token.claim': 'true',
    });
    expect(claim('oidc-audience-mapper')).toMatchObject({
      'included.client.audience': KEYCLOAK.audience,
      'access.token.claim': 'true',
    });
    expect(client(KEYCLOAK.audience)).toMatchObject({ standardFlowEnabled: false, publicClient: false });
  });

  it('declares units in the user profile: multivalued, validated, never edited by the user', () => {
    const [provider] = realm.components['org.keycloak.userprofile.UserProfileProvider'];
    const profile = JSON.parse(provider.config['kc.user.profile.config'][0]) as {
      attributes: Array<{ name: string; multivalued?: boolean; permissions: { edit: string[] } }>;
    };
    const units = profile.attributes.find((a) => a.name === 'units')!;
    expect(units).toMatchObject({ multivalued: true, permissions: { edit: ['admin'] } });
    expect(JSON.stringify(units)).toContain('^(VN|[0-9]{2}|[0-9]{5})$');
  });

  it('keeps access tokens short, and guards the sign-in', () => {
    expect(realm.accessTokenLifespan).toBeLessThanOrEqual(900);
    expect(realm.bruteForceProtected).toBe(true);
    expect(realm.passwordPolicy).toMatch(/length\(12\)/);
  });

  it('has the development users the tests know, with real units of one province', () => {
    const units = AdminUnits.load();
    const byName = Object.fromEntries(realm.users.map((u) => [u.username, u]));
    expect(Object.keys(byName).sort()).toEqual(Object.keys(DEV_USERS).sort());
    for (const [name, want] of Object.entries(DEV_USERS)) {
      const user = byName[name];
      expect(serviceRoles(user.realmRoles)).toEqual(want.roles);
      expect(user.attributes.units).toEqual(want.units);
      expect(user.credentials.map((c) => c.value)).toEqual([DEV_PASSWORD]);
      for (const unit of want.units) {
        if (unit === 'VN') continue;
        const known = units.get(unit);
        expect(known).toBeDefined();
        // Every commune and province of the development users is in Thành phố Hải Phòng.
        expect(known!.level === 'province' ? known!.code : known!.parent).toBe('31');
      }
    }
  });
});
