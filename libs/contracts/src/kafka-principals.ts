import principals from './kafka-principals.json';
import type { IntegrationEnvelope } from './envelope';

export type ServiceName = IntegrationEnvelope['producer'];
export type TopicOperation = 'READ' | 'WRITE' | 'CREATE';
export type GroupOperation = 'READ' | 'DELETE';

export interface ServicePrincipal {
  /** The SCRAM user the service authenticates as (`User:<username>` in the ACLs). */
  username: ServiceName;
  /** Published in this repository: the local and Docker brokers and CP_DEVELOPMENT=1 use it, nothing else. */
  developmentPassword: string;
  /** Topic name (without KAFKA_TOPIC_PREFIX) → what the service may do on it (LITERAL ACLs). */
  topics: Record<string, TopicOperation[]>;
  /** What the service may do on the groups `<CONSUMER_GROUP_PREFIX>.<service>.*` (one PREFIXED ACL). */
  groups: GroupOperation[];
}

/**
 * Who may do what on Kafka, from `kafka-principals.json` (shared with scripts/infra.mjs, which cannot
 * import TypeScript): one principal per service, and the broker's super user for administration.
 */
export const KAFKA_PRINCIPALS: {
  admin: { username: string; developmentPassword: string };
  services: Record<ServiceName, ServicePrincipal>;
} = {
  admin: principals.admin,
  services: Object.fromEntries(
    Object.entries(principals.services).map(([name, p]) => [
      name,
      { ...p, username: name as ServiceName } as ServicePrincipal,
    ]),
  ) as Record<ServiceName, ServicePrincipal>,
};

/** The services that may do `operation` on `topic` (a name without KAFKA_TOPIC_PREFIX). */
export function principalsAllowed(topic: string, operation: TopicOperation): ServiceName[] {
  return Object.values(KAFKA_PRINCIPALS.services)
    .filter((p) => p.topics[topic]?.includes(operation))
    .map((p) => p.username);
}

/**
 * The service that wrote a message, as the broker guarantees it: the only principal the ACLs let write
 * the topic (a name without KAFKA_TOPIC_PREFIX). Undefined for a topic several services may write (a
 * dead-letter topic) or none, where the topic proves nothing.
 */
export function producerOfTopic(topic: string): ServiceName | undefined {
  const writers = principalsAllowed(topic, 'WRITE');
  return writers.length === 1 ? writers[0] : undefined;
}
