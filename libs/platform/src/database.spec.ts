import { parseServiceConfig } from './config';
import { separateRoles } from './database';

const defaults = { port: 3000, database: 'cp_test' };
const dev = { CP_DEVELOPMENT: '1' };

describe('DATABASE_URL and MIGRATION_DATABASE_URL', () => {
  it("default to the local cluster's application role and its superuser, on the service's database", () => {
    const c = parseServiceConfig('casework', dev, defaults);
    expect(c.databaseUrl).toBe('postgres://cp_app@127.0.0.1:5432/cp_test');
    expect(c.migrationDatabaseUrl).toBe('postgres://postgres@127.0.0.1:5432/cp_test');
    expect(separateRoles({ url: c.databaseUrl, migrationUrl: c.migrationDatabaseUrl })).toBe(true);
  });

  it('migrate with DATABASE_URL when it is given alone: development mode only', () => {
    const alone = { DATABASE_URL: 'postgres://postgres@db:5432/cp_test' };
    const c = parseServiceConfig('casework', { ...dev, ...alone }, defaults);
    expect(c.migrationDatabaseUrl).toBe(alone.DATABASE_URL);
    expect(separateRoles({ url: c.databaseUrl, migrationUrl: c.migrationDatabaseUrl })).toBe(false);
    expect(() => parseServiceConfig('casework', alone, defaults)).toThrow(
      /DATABASE_URL must name the restricted application role and MIGRATION_DATABASE_URL the owner/,
    );
    expect(() =>
      parseServiceConfig(
        'casework',
        { DATABASE_URL: 'postgres://db/cp_test', MIGRATION_DATABASE_URL: 'postgres://owner@db/cp_test' },
        defaults,
      ),
    ).toThrow(/DATABASE_URL must name the restricted application role/);
  });

  it('take two roles, and refuse what is not a URL', () => {
    const env = {
      ...dev,
      DATABASE_URL: 'postgres://cp_app:secret@db:5432/cp_casework',
      MIGRATION_DATABASE_URL: 'postgres://cp_owner:other@db:5432/cp_casework',
    };
    const c = parseServiceConfig('casework', env, defaults);
    expect(separateRoles({ url: c.databaseUrl, migrationUrl: c.migrationDatabaseUrl })).toBe(true);
    expect(() =>
      parseServiceConfig('casework', { ...dev, MIGRATION_DATABASE_URL: 'not a url' }, defaults),
    ).toThrow(/MIGRATION_DATABASE_URL must be a postgres:\/\/ URL/);
  });
});
