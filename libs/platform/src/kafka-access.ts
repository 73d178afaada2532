import {
  DomainError,
  KAFKA_PRINCIPALS,
  deadLetterTopic,
  principalsAllowed,
  producerOfTopic,
  type IntegrationEnvelope,
  type ServiceName,
} from '@cp/contracts';
import { describeKafkaSecurity, kafkaErrorText, type KafkaSecurity } from '@cp/messaging';

const PRINCIPALS_FILE = 'libs/contracts/src/kafka-principals.json';

/** A topic's name without the stack's KAFKA_TOPIC_PREFIX, as the ACL table names it. */
export function unprefixedTopic(topic: string, topicPrefix: string): string {
  return topicPrefix && topic.startsWith(topicPrefix) ? topic.slice(topicPrefix.length) : topic;
}

/**
 * The envelope as the broker vouches for it. Only one principal may write a service's topic (ACLs from
 * kafka-principals.json), so the topic a message came on names its producer; the `producer` the body
 * claims is checked against it, never trusted. A message claiming another producer is refused (the
 * consumer dead-letters it): its writer misdescribes itself. A topic several services may write proves
 * nothing, and its envelopes pass as they are.
 */
export function attributeToTopic(
  envelope: IntegrationEnvelope,
  topic: string,
  topicPrefix: string,
): IntegrationEnvelope {
  const producer = producerOfTopic(unprefixedTopic(topic, topicPrefix));
  if (!producer || envelope.producer === producer) return envelope;
  throw new DomainError(
    'MESSAGE.PRODUCER_MISMATCH',
    `A message on ${topic} claims to come from ${JSON.stringify(envelope.producer)}, but only ${producer} may write that topic: it is not applied.`,
    'invalid',
    { topic, claimed: envelope.producer, producer },
  );
}

/**
 * What the service's code uses on Kafka that its principal is not granted in kafka-principals.json: to
 * write each topic it produces, to read each topic it consumes and to write the dead-letter topic of it.
 */
export function missingGrants(service: ServiceName, produces: string[], consumes: string[]): string[] {
  const allowed = (topic: string, op: 'READ' | 'WRITE') => principalsAllowed(topic, op).includes(service);
  return [
    ...produces.filter((t) => !allowed(t, 'WRITE')).map((t) => `WRITE on ${t}`),
    ...consumes.filter((t) => !allowed(t, 'READ')).map((t) => `READ on ${t}`),
    ...consumes
      .filter((t) => !allowed(deadLetterTopic(t), 'WRITE'))
      .map((t) => `WRITE on ${deadLetterTopic(t)}`),
  ];
}

/** Topics (without prefix) the service's principal may create: it creates exactly these at start. */
export function creatableTopics(service: ServiceName, topics: string[]): string[] {
  return topics.filter((t) => KAFKA_PRINCIPALS.services[service].topics[t]?.includes('CREATE'));
}

/** Who creates a topic the service waits for (the services that may write it). */
export function creatorsOf(topic: string): string {
  const writers = principalsAllowed(topic, 'WRITE');
  return writers.length ? writers.join(' or ') : 'the operator';
}

const AUTHENTICATION = /SASL|authenticat/i;
const AUTHORIZATION = /AUTHORIZATION_FAILED|not authorized/i;

/**
 * A Kafka failure no retry can mend: the broker refuses the service's credentials or rights, or cannot hold
 * the copies it asks for. The service does not start (or, found later, stops): an operator must act.
 */
export class KafkaMisconfiguredError extends Error {}

/**
 * A Kafka failure at start as an operator can act on it: credentials the broker refused, rights its ACLs
 * do not grant, or else the client's own message. `doing` says what the service was doing.
 */
export function explainKafkaFailure(
  err: unknown,
  doing: string,
  ctx: { service: string; brokers: string[]; security: KafkaSecurity },
): Error {
  const text = kafkaErrorText(err);
  const who = `${ctx.service} (${describeKafkaSecurity(ctx.security)})`;
  const name = (err as { name?: string }).name ?? '';
  if (name === 'KafkaJSSASLAuthenticationError' || AUTHENTICATION.test(text)) {
    return new KafkaMisconfiguredError(
      `Kafka at ${ctx.brokers.join(',')} refused the credentials of ${who} while ${doing}: ${text}. ` +
        'Check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM (docs/kafka-security.md).',
      { cause: err },
    );
  }
  if (AUTHORIZATION.test(text) || AUTHORIZATION.test((err as { type?: string }).type ?? '')) {
    return new KafkaMisconfiguredError(
      `Kafka denied ${who} while ${doing}: ${text}. The broker's ACLs must grant the principal what ` +
        `${PRINCIPALS_FILE} lists (\`npm run infra -- up\` grants them on the local and Docker brokers; ` +
        'docs/kafka-security.md).',
      { cause: err },
    );
  }
  if (/INVALID_REPLICATION_FACTOR|NOT_ENOUGH_REPLICAS|Replication-factor/i.test(text)) {
    return new KafkaMisconfiguredError(
      `Kafka at ${ctx.brokers.join(',')} cannot hold the copies ${who} asks for while ${doing}: ${text}. ` +
        'Set KAFKA_REPLICATION_FACTOR (and KAFKA_MIN_INSYNC_REPLICAS) to what the cluster has brokers for.',
      { cause: err },
    );
  }
  return new Error(`Kafka at ${ctx.brokers.join(',')}: ${who} failed while ${doing}: ${text}`, {
    cause: err,
  });
}
