export * from './integrity.module';
export * from './integrity.migration';
export * from './integrity-compare';
