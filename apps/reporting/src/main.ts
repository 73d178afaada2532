import 'reflect-metadata';
import { runService } from '@cp/platform';
import { AppModule, config } from './app.module';

runService(AppModule, config, {
  title: 'Reporting — caseloads, statistics, audit',
  description:
    'Read models for provinces and inspectors: caseloads, statistics, periodic reports and the audit trail.',
});
