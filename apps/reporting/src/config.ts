import { ConfigError, parseServiceConfig, type ServiceConfig } from '@cp/platform';

export interface ReportingConfig extends ServiceConfig {
  /** Where casework answers, to compare reporting's copy of a case's chain with casework's own verification. */
  caseworkUrl: string;
  /** How long reporting waits for casework's answer before saying it is unreachable (ms). */
  caseworkTimeoutMs: number;
}

/** The only place reporting reads the environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ReportingConfig {
  const base = parseServiceConfig('reporting', env, { port: 3003, database: 'cp_reporting' });
  const problems: string[] = [];
  const caseworkUrl = (env.CASEWORK_URL ?? 'http://127.0.0.1:3002').replace(/\/+$/, '');
  try {
    if (!/^https?:$/.test(new URL(caseworkUrl).protocol)) problems.push('CASEWORK_URL must be http(s)');
  } catch {
    problems.push('CASEWORK_URL must be the base URL of casework (e.g. http://127.0.0.1:3002)');
  }
  const caseworkTimeoutMs = Number(env.CASEWORK_TIMEOUT_MS ?? 5000);
  if (!Number.isInteger(caseworkTimeoutMs) || caseworkTimeoutMs < 1) {
    problems.push('CASEWORK_TIMEOUT_MS must be a positive whole number of ms');
  }
  if (problems.length) throw new ConfigError(`reporting: invalid configuration: ${problems.join('; ')}`);
  return { ...base, caseworkUrl, caseworkTimeoutMs };
}
