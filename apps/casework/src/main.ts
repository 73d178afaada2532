import 'reflect-metadata';
import { createServiceApp } from '@cp/platform';
import { AppModule, config } from './app.module';

createServiceApp(AppModule, config, {
  title: 'Casework — Decree 56 procedure',
  description:
    'Child protection cases through the Decree 56/2017 procedure at the commune: assessment, emergency protection, plan, approval, services, review, closure.',
}).catch((err: unknown) => {
  process.stderr.write(`casework failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
