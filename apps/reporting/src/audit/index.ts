export * from './audit.module';
export * from './audit.service';
export * from './access.projection';
export * from './access.migration';
export * from './case-trail';
