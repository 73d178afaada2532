// Apart from infra.ts, which Jest's global setup loads without the @cp/* path mapping.
import { KAFKA_PRINCIPALS } from '@cp/contracts';
import { parseKafkaSecurity, type KafkaSecurity } from '@cp/messaging';

/**
 * How the tests' own Kafka clients authenticate: the same variables the services read (KAFKA_SASL_*,
 * KAFKA_TLS*), defaulting to the broker's super user with its published development password, which the
 * local, Docker and dedicated test brokers know. Tests set up topics, groups and ACLs as that principal;
 * the services they start run as their own.
 */
export function testKafkaSecurity(): KafkaSecurity {
  const problems: string[] = [];
  const { username, developmentPassword } = KAFKA_PRINCIPALS.admin;
  const security = parseKafkaSecurity(
    process.env,
    { username, password: developmentPassword, tls: false },
    problems,
  );
  if (problems.length) throw new Error(`the tests' Kafka settings are invalid: ${problems.join('; ')}`);
  return security;
}
