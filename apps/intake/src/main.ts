import 'reflect-metadata';
import { runService } from '@cp/platform';
import { AppModule, config } from './app.module';

runService(AppModule, config, {
  title: 'Intake — Hotline 111',
  description:
    'Hotline 111 contacts (Mẫu 01), referrals to communes, and follow-up of the cases they opened.',
});
