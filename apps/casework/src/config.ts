import { parseServiceConfig, ConfigError, keyRing, type ServiceConfig } from '@cp/platform';
import { DEV_REFERRAL_IDENTITY_KEY, type ReferralIdentityKeyRing as KeyRing } from '@cp/messaging';

export interface CaseworkConfig extends ServiceConfig {
  /** How often the deadline watcher looks for deadlines past due (ms); 0 turns it off. */
  deadlineScanMs: number;
  /**
   * `REFERRAL_IDENTITY_KEYS` (kid:base64 pairs): opens the child's identity intake seals in a referral
   * (the same ring as intake's; reporting holds none).
   */
  referralIdentityKeys: KeyRing;
}

/** The only place casework reads the environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CaseworkConfig {
  const base = parseServiceConfig('casework', env, { port: 3002, database: 'cp_casework' });
  const deadlineScanMs = Number(env.DEADLINE_SCAN_MS ?? 15_000);
  const problems: string[] = [];
  if (!Number.isInteger(deadlineScanMs) || deadlineScanMs < 0) {
    problems.push('DEADLINE_SCAN_MS must be a whole number of ms');
  }
  let referralIdentityKeys = keyRing('REFERRAL_IDENTITY_KEYS', env.REFERRAL_IDENTITY_KEYS, problems);
  if (referralIdentityKeys.length === 0) {
    if (base.development) referralIdentityKeys = [{ kid: 'dev', key: DEV_REFERRAL_IDENTITY_KEY }];
    else if (!problems.some((p) => p.startsWith('REFERRAL_IDENTITY_KEYS')))
      problems.push(
        'REFERRAL_IDENTITY_KEYS must be set (the same ring as intake): it opens the child’s identity in a referral',
      );
  }
  if (referralIdentityKeys.some((k) => k.key.equals(DEV_REFERRAL_IDENTITY_KEY)) && !base.development) {
    problems.push('REFERRAL_IDENTITY_KEYS must not hold the published development key');
  }
  if (problems.length) throw new ConfigError(`casework: invalid configuration: ${problems.join('; ')}`);
  return { ...base, deadlineScanMs, referralIdentityKeys };
}
