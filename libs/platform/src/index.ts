export * from './config';
export * from './tokens';
export * from './database';
export * from './platform.module';
export * from './messaging.lifecycle';
export * from './bootstrap';
export * from './http-commands';
export * from './integration-message';
