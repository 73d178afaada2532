import { AuditAccess1763900002700 } from './audit/access.migration';
import { AuditQueries1763900003300 } from './audit/audit-queries.migration';
import { Caseload1763900001000 } from './caseload/caseload.migration';
import { CaseloadDeadlines1763900001100 } from './caseload/caseload-deadlines.migration';
import { CaseloadDashboard1763900001200 } from './caseload/caseload-dashboard.migration';
import { EventCopy1763900002000 } from './events/events.migration';
import { IntegrityAlerts1763900002950 } from './integrity/integrity-alerts.migration';
import { IntegrityCheckpoints1763900002900 } from './integrity/integrity.migration';
import { StatisticsCover1763900003100 } from './statistics/statistics-cover.migration';
import { Statistics1763900003000 } from './statistics/statistics.migration';

/** Every table of reporting's read models, in order: the service, its tests and the benchmarks share it. */
export const REPORTING_MIGRATIONS = [
  Caseload1763900001000,
  CaseloadDeadlines1763900001100,
  CaseloadDashboard1763900001200,
  EventCopy1763900002000,
  AuditAccess1763900002700,
  IntegrityCheckpoints1763900002900,
  IntegrityAlerts1763900002950,
  Statistics1763900003000,
  StatisticsCover1763900003100,
  AuditQueries1763900003300,
];

/**
 * What reporting's application role may do with these tables (`DatabaseAccess`, docs/audit-integrity.md):
 * the checkpoints it received, the alerts it raised and the searches of the audit trail it answered are
 * evidence, which it may only add to; the read
 * models it rebuilds by swapping tables are its own.
 */
export const REPORTING_TABLE_ACCESS = {
  appendOnly: ['rm_integrity_checkpoints', 'rm_integrity_heads', 'rm_integrity_alerts', 'rp_audit_queries'],
  applicationOwned: [
    'rm_events',
    'rm_caseload',
    'rm_referrals',
    'rm_stat_cases',
    'rm_stat_facts',
    'rm_access',
  ],
};
