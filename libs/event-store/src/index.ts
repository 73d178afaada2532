export * from './hash';
export * from './types';
export * from './errors';
export * from './event-store';
export * from './command-handler';
export * from './migrations/1763900000000-event-store';
