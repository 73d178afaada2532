export * from './policy.module';
export * from './policy.service';
export * from './policy.controller';
export * from './policy-rules';
export * from './deadline-policies.migration';
