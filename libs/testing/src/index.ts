export * from './infra';
export * from './kafka-security';
export * from './decider-spec';
export * from './keycloak';
export * from './deadline-policy-values';
export * from './event-fixtures';
export * from './messaging-fixtures';
export * from './string-paths';
