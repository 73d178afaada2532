import { parseServiceConfig, type ServiceConfig } from '@cp/platform';

/** The only place intake reads the environment. */
export function loadConfig(): ServiceConfig {
  return parseServiceConfig('intake', process.env, { port: 3001, database: 'cp_intake' });
}
