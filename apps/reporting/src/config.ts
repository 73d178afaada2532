import type { KeyObject } from 'node:crypto';
import type { CheckpointProducer } from '@cp/contracts';
import { developmentCheckpointKey, keyIdOf, parseCheckpointPublicKey } from '@cp/event-store';
import { ConfigError, parseServiceConfig, type ServiceConfig } from '@cp/platform';

export interface ReportingConfig extends ServiceConfig {
  /** Where casework answers, to compare reporting's copy of a case's chain with casework's own verification. */
  caseworkUrl: string;
  /** How long reporting waits for casework's answer before saying it is unreachable (ms). */
  caseworkTimeoutMs: number;
  /**
   * The public keys that verify each producer's checkpoints (`CHECKPOINT_PUBLIC_KEYS_INTAKE`,
   * `CHECKPOINT_PUBLIC_KEYS_CASEWORK`: comma-separated, each PEM or base64 of SPKI DER or of the 32-byte
   * key; several while a key is rotated). Development mode falls back to the services' published
   * development keys, which are refused otherwise.
   */
  checkpointPublicKeys: Record<CheckpointProducer, Array<{ keyId: string; key: KeyObject }>>;
  /** How often the integrity sweep checks every checkpoint and chain it received (`INTEGRITY_SWEEP_MS`; 0: never). */
  integritySweepMs: number;
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
  const checkpointPublicKeys = {
    intake: publicKeys('intake', env.CHECKPOINT_PUBLIC_KEYS_INTAKE, base.development, problems),
    casework: publicKeys('casework', env.CHECKPOINT_PUBLIC_KEYS_CASEWORK, base.development, problems),
  };
  const integritySweepMs = Number(env.INTEGRITY_SWEEP_MS ?? 60_000);
  if (!Number.isInteger(integritySweepMs) || integritySweepMs < 0) {
    problems.push('INTEGRITY_SWEEP_MS must be a whole number of ms (0 turns the sweep off)');
  }
  if (problems.length) throw new ConfigError(`reporting: invalid configuration: ${problems.join('; ')}`);
  return { ...base, caseworkUrl, caseworkTimeoutMs, checkpointPublicKeys, integritySweepMs };
}

/** A producer's checkpoint keys: as configured, or its published development key in development mode only. */
function publicKeys(
  producer: CheckpointProducer,
  listed: string | undefined,
  development: boolean,
  problems: string[],
): Array<{ keyId: string; key: KeyObject }> {
  const variable = `CHECKPOINT_PUBLIC_KEYS_${producer.toUpperCase()}`;
  const published = developmentCheckpointKey(producer);
  const items = (listed ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (items.length === 0) {
    if (development) return [{ keyId: published.keyId, key: published.publicKey }];
    problems.push(
      `${variable} must list the public key(s) ${producer} signs its checkpoints with (its GET /api/v1/integrity/public-key)`,
    );
    return [];
  }
  const keys: Array<{ keyId: string; key: KeyObject }> = [];
  for (const item of items) {
    try {
      const key = parseCheckpointPublicKey(item);
      keys.push({ keyId: keyIdOf(key), key });
    } catch {
      problems.push(
        `${variable} must hold Ed25519 public keys: PEM, or base64 of SPKI DER or of the 32-byte key`,
      );
      return [];
    }
  }
  if (!development && keys.some((k) => k.keyId === published.keyId)) {
    problems.push(
      `${variable} holds the published development key of ${producer}: checkpoints signed with it prove nothing`,
    );
  }
  return keys;
}
