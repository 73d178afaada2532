import 'reflect-metadata';
import { createServiceApp } from '@cp/platform';
import { AppModule, config } from './app.module';

createServiceApp(AppModule, config, {
  title: 'Reporting — caseloads, statistics, audit',
  description:
    'Read models for provinces and inspectors: caseloads, statistics, periodic reports and the audit trail.',
}).catch((err: unknown) => {
  process.stderr.write(`reporting failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
