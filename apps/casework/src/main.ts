import 'reflect-metadata';
import { runService } from '@cp/platform';
import { AppModule, config } from './app.module';

runService(AppModule, config, {
  title: 'Casework — Decree 56 procedure',
  description:
    'Child protection cases through the Decree 56/2017 procedure at the commune: assessment, emergency protection, plan, approval, services, review, closure.',
});
