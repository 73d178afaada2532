import { parseServiceConfig, type ServiceConfig } from '@cp/platform';

/** The only place casework reads the environment. */
export function loadConfig(): ServiceConfig {
  return parseServiceConfig('casework', process.env, { port: 3002, database: 'cp_casework' });
}
