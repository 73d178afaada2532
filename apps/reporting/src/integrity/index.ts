export * from './integrity.module';
export * from './integrity.migration';
export * from './integrity-compare';
export * from './integrity-alerts.migration';
export * from './integrity-sweep';
