export * from './hash';
export * from './types';
export * from './errors';
export * from './event-store';
export * from './command-handler';
export * from './checkpoints';
export * from './migrations/1763900000000-event-store';
export * from './migrations/1763900000200-checkpoints';
