export * from './problem-details.filter';
export * from './validation';
export * from './http-context.middleware';
