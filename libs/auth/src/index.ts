export * from './auth-user';
export * from './jwt';
export * from './decorators';
export * from './auth.guard';
export * from './access-matrix';
export * from './unit-scope';
