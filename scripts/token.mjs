#!/usr/bin/env node
// Mints a development token (HS256, JWT_SECRET or the development default).
//   npm run token -- --role commune_worker --unit 00004 [--unit 00008] [--sub worker-1] [--name "..."] [--hours 8]
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';

const ROLES = [
  'hotline_counsellor',
  'hotline_supervisor',
  'commune_worker',
  'commune_chair',
  'provincial_officer',
  'inspector',
  'admin',
];
const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    unit: { type: 'string', multiple: true },
    sub: { type: 'string' },
    name: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
});
const roles = values.role ?? [];
if (roles.length === 0 || roles.some((r) => !ROLES.includes(r))) {
  process.stderr.write(
    `usage: npm run token -- --role <${ROLES.join('|')}> --unit <VN|province|commune> ...\n`,
  );
  process.exit(2);
}
const units =
  values.unit ??
  (roles.some((r) => r.startsWith('hotline') || r === 'admin' || r === 'inspector') ? ['VN'] : []);
if (units.length === 0) {
  process.stderr.write(
    'give the unit the user acts for: --unit 00004 (commune), --unit 01 (province) or --unit VN\n',
  );
  process.exit(2);
}
const secret = process.env.JWT_SECRET ?? 'dev-only-secret-change-me';
const sub = values.sub ?? `${roles[0]}-${units[0]}`;
const token = await new SignJWT({ name: values.name ?? sub, roles, units })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject(sub)
  .setIssuedAt()
  .setExpirationTime(`${Number(values.hours)}h`)
  .sign(new TextEncoder().encode(secret));
process.stdout.write(`${token}\n`);
