import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { ConfigError, keyRing, parseServiceConfig, secretBytes, type ServiceConfig } from '@cp/platform';
import { DEV_REFERRAL_IDENTITY_KEY, type ReferralIdentityKeyRing as KeyRing } from '@cp/messaging';

export interface IntakeConfig extends ServiceConfig {
  /**
   * DEVELOPMENT ONLY (CP_DEVELOPMENT=1): short hotline clocks for tests and benchmarks, over the versioned
   * policy (domain/clock-policy.ts) — `FORWARDING_MINUTES` (receipt → referral), `FOLLOW_UP_MINUTES` and
   * `FOLLOW_UP_URGENT_MINUTES` (referral → take-up). Refused outside development: the clocks are policy.
   */
  clockOverride: {
    forwardingMinutes?: number;
    takeUpMinutes?: number;
    urgentTakeUpMinutes?: number;
  } | null;
  /** How often the follow-up watcher looks (ms); 0 turns it off. */
  followUpScanMs: number;
  /**
   * How long past the due time the watcher waits before alerting (ms), so that a commune's acknowledgement
   * made in time but still on its way through Kafka does not raise a false alert.
   */
  followUpGraceMs: number;
  /** Key of the digest that recognises a repeat caller's number without storing it in events. */
  callerKeySecret: KeyObject;
  /**
   * `REFERRAL_IDENTITY_KEYS` (kid:base64 pairs, the first seals): seals the child's identity for casework in
   * a referral (contacts/referral-identity.ts). Casework holds the same ring; reporting does not.
   */
  referralIdentityKeys: KeyRing;
}

/** Published in this repository: accepted only with CP_DEVELOPMENT=1. */
const DEV_CALLER_KEY = createHash('sha256').update('cp-development-only-caller-key').digest();

/** The only place intake reads the environment. */
export function loadConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  const base = parseServiceConfig('intake', env, { port: 3001, database: 'cp_intake' });
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number) => {
    const v = Number(env[name] ?? fallback);
    if (!Number.isInteger(v) || v < min) problems.push(`${name} must be a whole number ≥ ${min}`);
    return v;
  };
  // Minutes may be fractional (0.05 = 3 s) so tests need not wait for real policy times.
  const minutes = (name: string, fallback: number) => {
    const v = Number(env[name] ?? fallback);
    if (!Number.isFinite(v) || v <= 0) problems.push(`${name} must be a positive number of minutes`);
    return v;
  };
  const override: NonNullable<IntakeConfig['clockOverride']> = {};
  for (const [name, field] of [
    ['FORWARDING_MINUTES', 'forwardingMinutes'],
    ['FOLLOW_UP_MINUTES', 'takeUpMinutes'],
    ['FOLLOW_UP_URGENT_MINUTES', 'urgentTakeUpMinutes'],
  ] as const) {
    if (env[name] === undefined) continue;
    if (!base.development) {
      problems.push(`${name} is a development override (CP_DEVELOPMENT=1): the hotline's clocks are policy`);
      continue;
    }
    override[field] = minutes(name, 0);
  }
  const followUpScanMs = int('FOLLOW_UP_SCAN_MS', 15_000, 0);
  const followUpGraceMs = int('FOLLOW_UP_GRACE_MS', 60_000, 0);
  const given = secretBytes('CALLER_KEY_SECRET', env.CALLER_KEY_SECRET, problems);
  if (!given && !base.development && !problems.some((p) => p.startsWith('CALLER_KEY_SECRET'))) {
    problems.push(
      'CALLER_KEY_SECRET must be set: at least 32 random bytes, base64 (the built-in key exists only with CP_DEVELOPMENT=1)',
    );
  }
  if (given?.equals(DEV_CALLER_KEY) && !base.development) {
    problems.push('CALLER_KEY_SECRET must not be the published development key');
  }
  const callerKeySecret = createSecretKey(given ?? DEV_CALLER_KEY);
  let referralIdentityKeys = keyRing('REFERRAL_IDENTITY_KEYS', env.REFERRAL_IDENTITY_KEYS, problems);
  if (referralIdentityKeys.length === 0) {
    if (base.development) referralIdentityKeys = [{ kid: 'dev', key: DEV_REFERRAL_IDENTITY_KEY }];
    else if (!problems.some((p) => p.startsWith('REFERRAL_IDENTITY_KEYS')))
      problems.push(
        'REFERRAL_IDENTITY_KEYS must be set (kid:base64 of 32 random bytes; the same ring as casework): it seals the child’s identity for the commune that carries the case',
      );
  }
  if (referralIdentityKeys.some((k) => k.key.equals(DEV_REFERRAL_IDENTITY_KEY)) && !base.development) {
    problems.push('REFERRAL_IDENTITY_KEYS must not hold the published development key');
  }
  if (problems.length) throw new ConfigError(`intake: invalid configuration: ${problems.join('; ')}`);
  return {
    ...base,
    clockOverride: Object.keys(override).length ? override : null,
    followUpScanMs,
    followUpGraceMs,
    callerKeySecret,
    referralIdentityKeys,
  };
}
