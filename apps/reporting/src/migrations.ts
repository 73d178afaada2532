import { AuditAccess1763900002700 } from './audit/access.migration';
import { Caseload1763900001000 } from './caseload/caseload.migration';
import { CaseloadDeadlines1763900001100 } from './caseload/caseload-deadlines.migration';
import { CaseloadDashboard1763900001200 } from './caseload/caseload-dashboard.migration';
import { EventCopy1763900002000 } from './events/events.migration';
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
  Statistics1763900003000,
  StatisticsCover1763900003100,
];
