#!/usr/bin/env node
// Migrates each service's database as its owner, with the code the service runs when it starts: the built
// service's entry point with the argument `migrate` (libs/platform `runService`), which runs the platform's
// and the service's migrations under an advisory lock, grants the application role what it may do, and
// exits without listening or touching the broker.
//
//   npm run migrate                    # intake, casework and reporting
//   npm run migrate -- casework        # only the services named
//
// The databases are those `npm start` uses: cp_<service> on the server of DATABASE_URL (default the local
// cluster's superuser, postgres://postgres@127.0.0.1:5432), the application role APP_DATABASE_USER /
// APP_DATABASE_PASSWORD (default cp_app). DATABASE_PREFIX changes `cp_` (e.g. for a throw-away copy).
// Development mode (CP_DEVELOPMENT=1) unless CP_DEVELOPMENT is set; outside development the services'
// own settings are needed (docs/audit-integrity.md, "Database roles").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['intake', 'casework', 'reporting'];
const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !SERVICES.includes(s));
if (unknown.length) {
  process.stderr.write(`unknown service ${unknown.join(', ')}: the services are ${SERVICES.join(', ')}\n`);
  process.exit(2);
}
const services = asked.length ? asked : SERVICES;

const main = (service) => join(root, 'dist', 'apps', service, 'src', 'main.js');
if (services.some((s) => !existsSync(main(s)))) {
  process.stdout.write('[migrate] building the services first\n');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const prefix = process.env.DATABASE_PREFIX ?? 'cp_';
const url = (database, user, password) => {
  const u = new URL(server);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = password;
  }
  return u.toString();
};

let failed = false;
for (const service of services) {
  const database = `${prefix}${service}`;
  const run = spawnSync(process.execPath, [main(service), 'migrate'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CP_DEVELOPMENT: process.env.CP_DEVELOPMENT ?? '1',
      DATABASE_URL: url(
        database,
        process.env.APP_DATABASE_USER ?? 'cp_app',
        process.env.APP_DATABASE_PASSWORD ?? 'cp_app',
      ),
      MIGRATION_DATABASE_URL: url(database),
    },
  });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
