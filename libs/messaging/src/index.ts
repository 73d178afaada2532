export * from './kafka';
export * from './kafka-security';
export * from './outbox-relay';
export * from './inbox-consumer';
export * from './migrations/1763900000100-inbox';
export * from './payload-seal';
export * from './referral-identity';
export * from './kafkajs-request-queue';
