import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import {
  ACCESS_MATRIX,
  JURISDICTIONS,
  PUBLIC_KEY,
  ROLES_KEY,
  renderAccessMatrix,
  renderJurisdictions,
  routeKey,
  type Service,
  UNPREFIXED_ROUTES,
} from '@cp/auth';
import { ROLES, type Role } from '@cp/contracts';
// The applications under contract: the only imports of apps/ code, kept together so a moved module is
// one path to change here. (A library must not import an application, so this spec lives under tests/.)
import { AppModule as IntakeModule } from '../../apps/intake/src/app.module';
import { AppModule as CaseworkModule } from '../../apps/casework/src/app.module';
import { AppModule as ReportingModule } from '../../apps/reporting/src/app.module';
import { STEP_RULES } from '../../apps/casework/src/domain/case.permissions';

// The matrix against the code: every controller route of the three AppModules, read from the Nest
// metadata the decorators left on the classes (nothing is instantiated, no database, no Kafka), must be
// in ACCESS_MATRIX with the same roles, and every matrix route must exist.

/** What the bootstrap serves outside the `api/v1` prefix (libs/platform bootstrap: setGlobalPrefix exclude). */
const UNPREFIXED = new Set<string>(UNPREFIXED_ROUTES);
const PREFIX = 'api/v1';

interface CodeRoute {
  service: Service;
  key: string;
  roles: readonly Role[] | 'public';
  where: string;
}

type ModuleRef =
  Type | { module: Type; controllers?: Type[]; imports?: ModuleRef[] } | { forwardRef: () => Type };

/** Every controller of a module and the modules it imports (static and dynamic), once each. */
function controllersOf(root: ModuleRef): Type[] {
  const seen = new Set<unknown>();
  const found = new Set<Type>();
  const visit = (ref: ModuleRef | undefined) => {
    if (!ref) return;
    if ('forwardRef' in ref) return visit(ref.forwardRef());
    if (seen.has(ref)) return;
    seen.add(ref);
    const cls = 'module' in ref ? ref.module : ref;
    const dynamic = 'module' in ref ? ref : { controllers: [], imports: [] };
    const controllers: Type[] = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[] | undefined) ?? []),
      ...(dynamic.controllers ?? []),
    ];
    controllers.forEach((c) => found.add(c));
    const imports: ModuleRef[] = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleRef[] | undefined) ?? []),
      ...(dynamic.imports ?? []),
    ];
    imports.forEach(visit);
  };
  visit(root);
  return [...found];
}

const join = (...parts: string[]) =>
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

function routesOf(service: Service, root: ModuleRef): CodeRoute[] {
  const out: CodeRoute[] = [];
  for (const controller of controllersOf(root)) {
    const classPaths = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const handlerPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || handlerPaths === undefined) continue;
      const isPublic =
        (Reflect.getMetadata(PUBLIC_KEY, handler) as boolean | undefined) ??
        (Reflect.getMetadata(PUBLIC_KEY, controller) as boolean | undefined);
      const roles =
        (Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined) ??
        (Reflect.getMetadata(ROLES_KEY, controller) as Role[] | undefined);
      for (const cp of classPaths) {
        for (const hp of [handlerPaths].flat()) {
          const route = join(cp ?? '', hp);
          const full = UNPREFIXED.has(route) ? `/${route}` : `/${join(PREFIX, route)}`;
          out.push({
            service,
            key: `${RequestMethod[method]} ${full}`,
            // A route with neither @Public() nor @Roles() needs a token but lets any role in.
            roles: isPublic ? 'public' : (roles ?? [...ROLES]),
            where: `${controller.name}.${name}`,
          });
        }
      }
    }
  }
  return out;
}

const SERVICES: Array<[Service, ModuleRef]> = [
  ['intake', IntakeModule],
  ['casework', CaseworkModule],
  ['reporting', ReportingModule],
];
const code = SERVICES.flatMap(([service, mod]) => routesOf(service, mod));
const sorted = (roles: readonly Role[] | 'public') =>
  roles === 'public' ? 'public' : [...new Set(roles)].sort().join(',');

describe('the access matrix is the code', () => {
  it('finds the controllers of every service (the metadata walk works)', () => {
    for (const [service] of SERVICES) {
      expect(code.filter((r) => r.service === service).length).toBeGreaterThan(5);
    }
  });

  it.each(SERVICES.map(([s]) => s))('%s: the same routes, each with the same roles', (service) => {
    const inCode = new Map(code.filter((r) => r.service === service).map((r) => [r.key, sorted(r.roles)]));
    const inMatrix = new Map(
      ACCESS_MATRIX.filter((r) => r.service === service && !r.mountedBy).map((r) => [
        routeKey(r),
        sorted(r.roles),
      ]),
    );
    // Route for route: a route in the code missing from the matrix, or the reverse, fails here.
    expect([...inMatrix.keys()].sort()).toEqual([...inCode.keys()].sort());
    // Role for role.
    expect(Object.fromEntries(inMatrix)).toEqual(Object.fromEntries(inCode));
  });

  it('lists each route once, with a known rule, and public routes without a unit rule', () => {
    const keys = ACCESS_MATRIX.map((r) => `${r.service} ${routeKey(r)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of ACCESS_MATRIX) {
      expect(Object.keys(JURISDICTIONS)).toContain(r.jurisdiction);
      expect(r.roles === 'public').toBe(r.jurisdiction === 'none');
      if (r.roles !== 'public') expect(r.roles.length).toBeGreaterThan(0);
      // A role with its own rule on a route must be allowed on it, and its rule known.
      for (const [role, rule] of Object.entries(r.roleJurisdictions ?? {})) {
        expect(Object.keys(JURISDICTIONS)).toContain(rule);
        expect(r.roles).toContain(role);
      }
    }
  });

  it("casework's step routes carry STEP_RULES' roles and unit rule", () => {
    // The decorator derives the roles from STEP_RULES (checked above through the metadata); the unit
    // rule is checked here by the roles each kind of rule allows.
    const steps = ACCESS_MATRIX.filter(
      (r) => r.service === 'casework' && r.method === 'POST' && r.path.startsWith('/api/v1/cases'),
    );
    const byUnit = {
      owner: 'carrying-commune',
      receiving: 'transfer-target',
      incident: 'incident-commune',
      province: 'carrying-province',
    };
    const ruleRoles = new Set(
      Object.values(STEP_RULES)
        .filter((s) => s.unit !== 'system')
        .map((s) => `${byUnit[s.unit as keyof typeof byUnit]}:${sorted(s.roles)}`),
    );
    for (const s of steps) expect(ruleRoles).toContain(`${s.jurisdiction}:${sorted(s.roles)}`);
    expect(steps).toHaveLength(Object.values(STEP_RULES).filter((s) => s.unit !== 'system').length);
  });

  it("the README's role table is the matrix", () => {
    // `UPDATE_ACCESS_MATRIX=1` rewrites the README between the markers (then run prettier --write).
    const file = path.join(__dirname, '../../README.md');
    const readme = fs.readFileSync(file, 'utf8');
    const begin = '<!-- access-matrix:begin -->';
    const end = '<!-- access-matrix:end -->';
    const generated = `${renderAccessMatrix()}\n\nJurisdiction rules:\n\n${renderJurisdictions()}`;
    if (process.env.UPDATE_ACCESS_MATRIX === '1') {
      const [head, rest] = readme.split(begin);
      const tail = rest.slice(rest.indexOf(end));
      fs.writeFileSync(file, `${head}${begin}\n\n${generated}\n\n${tail}`);
    }
    const current = fs.readFileSync(file, 'utf8');
    // Prettier pads the columns; compare without the padding.
    const squash = (s: string) =>
      s
        .split('\n')
        .map((l) => l.replace(/ +/g, ' ').replace(/-{3,}/g, '---').trim())
        .filter(Boolean)
        .join('\n');
    const section = current.slice(current.indexOf(begin) + begin.length, current.indexOf(end));
    expect(current.includes(begin) && current.includes(end)).toBe(true);
    expect(squash(section)).toBe(squash(generated));
  });
});
