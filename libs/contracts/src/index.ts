export * from './enums';
export * from './topics';
export * from './envelope';
export * from './intake.events';
export * from './casework.events';
export * from './decider';
export * from './audit.events';
export * from './personal-data';
