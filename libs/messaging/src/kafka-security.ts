import fs from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

export type SaslMechanism = 'scram-sha-512' | 'scram-sha-256';

/**
 * How a client proves who it is to the broker and protects the connection: SASL/SCRAM always (the ACLs
 * are per principal), TLS when the network between service and broker is not trusted.
 */
export interface KafkaSecurity {
  sasl: { mechanism: SaslMechanism; username: string; password: string };
  /** false: SASL_PLAINTEXT. Otherwise SASL_SSL, verifying the broker against `ca` (or the system's CAs). */
  tls: false | { ca?: string; cert?: string; key?: string };
}

export interface KafkaSecurityDefaults {
  /** Used when KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD are unset; without them both are required. */
  username?: string;
  password?: string;
  /** TLS when KAFKA_TLS is unset. */
  tls: boolean;
}

const MECHANISMS: SaslMechanism[] = ['scram-sha-512', 'scram-sha-256'];

/**
 * The client side of the broker's security, from the KAFKA_* variables: KAFKA_SASL_MECHANISM
 * (scram-sha-512, the default, or scram-sha-256), KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_TLS
 * (true/false), and for TLS the PEM files KAFKA_TLS_CA_FILE (the broker's CA; the system's CAs without it),
 * KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE (a client certificate, both or neither). What is wrong goes to
 * `problems`, one sentence each.
 */
export function parseKafkaSecurity(
  env: Record<string, string | undefined>,
  defaults: KafkaSecurityDefaults,
  problems: string[],
): KafkaSecurity {
  const mechanism = (env.KAFKA_SASL_MECHANISM?.trim().toLowerCase() || 'scram-sha-512') as SaslMechanism;
  if (!MECHANISMS.includes(mechanism)) {
    problems.push(
      `KAFKA_SASL_MECHANISM must be ${MECHANISMS.join(' or ')} (the broker authenticates every client with SCRAM)`,
    );
  }
  // The default password belongs to the default user: another user brings their own.
  const givenUser = env.KAFKA_SASL_USERNAME?.trim();
  const username = givenUser || defaults.username;
  const password = env.KAFKA_SASL_PASSWORD || (givenUser ? undefined : defaults.password);
  if (!username || !password) {
    problems.push(
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set: the broker authenticates every client (SASL/SCRAM) and grants each principal only its own topics (docs/kafka-security.md)',
    );
  }
  const tlsValue = env.KAFKA_TLS?.trim().toLowerCase();
  if (tlsValue && !['true', 'false', '1', '0'].includes(tlsValue))
    problems.push('KAFKA_TLS must be true or false');
  const tlsOn = tlsValue ? tlsValue === 'true' || tlsValue === '1' : defaults.tls;
  const file = (name: string): string | undefined => {
    const at = env[name]?.trim();
    if (!at) return undefined;
    if (!tlsOn) {
      problems.push(`${name} is set but KAFKA_TLS is off: set KAFKA_TLS=true to connect with TLS`);
      return undefined;
    }
    try {
      return fs.readFileSync(at, 'utf8');
    } catch (err) {
      problems.push(`${name}: cannot read ${at} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      return undefined;
    }
  };
  const ca = file('KAFKA_TLS_CA_FILE');
  const cert = file('KAFKA_TLS_CERT_FILE');
  const key = file('KAFKA_TLS_KEY_FILE');
  if (!!env.KAFKA_TLS_CERT_FILE?.trim() !== !!env.KAFKA_TLS_KEY_FILE?.trim())
    problems.push(
      'KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together (a client certificate and its key)',
    );
  return {
    sasl: { mechanism, username: username ?? '', password: password ?? '' },
    tls: tlsOn ? { ca, cert, key } : false,
  };
}

/** What a log line or an error may say about the security in use: never the password. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const { mechanism, username } = security.sasl;
  return `${security.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT'}, ${mechanism.toUpperCase()} as '${username}'`;
}

/** The kafkajs options of `security`: SASL always, TLS verifying the broker's certificate when on. */
export function kafkaClientAuth(security: KafkaSecurity): Pick<KafkaConfig, 'sasl' | 'ssl'> {
  const { mechanism, username, password } = security.sasl;
  const sasl: SASLOptions =
    mechanism === 'scram-sha-256'
      ? { mechanism, username, password }
      : { mechanism: 'scram-sha-512', username, password };
  return { sasl, ssl: security.tls ? { ...security.tls, rejectUnauthorized: true } : false };
}
