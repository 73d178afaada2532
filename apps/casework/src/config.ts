import { parseServiceConfig, ConfigError, type ServiceConfig } from '@cp/platform';

export interface CaseworkConfig extends ServiceConfig {
  /** How often the deadline watcher looks for deadlines past due (ms); 0 turns it off. */
  deadlineScanMs: number;
}

/** The only place casework reads the environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CaseworkConfig {
  const base = parseServiceConfig('casework', env, { port: 3002, database: 'cp_casework' });
  const deadlineScanMs = Number(env.DEADLINE_SCAN_MS ?? 15_000);
  if (!Number.isInteger(deadlineScanMs) || deadlineScanMs < 0) {
    throw new ConfigError('casework: invalid configuration: DEADLINE_SCAN_MS must be a whole number of ms');
  }
  return { ...base, deadlineScanMs };
}
