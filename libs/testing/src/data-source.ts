import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * A connection to a test database with the given migrations run, as the integration specs need it before
 * anything else. `extra` goes to the pg pool (e.g. more connections for a spec that races appends).
 */
export async function migratedDataSource(
  url: string,
  migrations: DataSourceOptions['migrations'],
  extra?: Record<string, unknown>,
): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    ...(extra ? { extra } : {}),
  });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}
