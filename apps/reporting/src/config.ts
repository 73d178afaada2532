import { parseServiceConfig, type ServiceConfig } from '@cp/platform';

/** The only place reporting reads the environment. */
export function loadConfig(): ServiceConfig {
  return parseServiceConfig('reporting', process.env, { port: 3003, database: 'cp_reporting' });
}
