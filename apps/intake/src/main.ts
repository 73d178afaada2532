import 'reflect-metadata';
import { createServiceApp } from '@cp/platform';
import { AppModule, config } from './app.module';

createServiceApp(AppModule, config, {
  title: 'Intake — Hotline 111',
  description:
    'Hotline 111 contacts (Mẫu 01), referrals to communes, and follow-up of the cases they opened.',
}).catch((err: unknown) => {
  process.stderr.write(`intake failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
