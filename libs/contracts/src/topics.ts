/** Topics of record (kept forever, event-sourcing rule 8). The suffix is the contract version. */
export const TOPICS = {
  intakeContacts: 'cp.intake.contacts.v1',
  caseworkCases: 'cp.casework.cases.v1',
  /**
   * Every read of a child's record (who, role, unit, which record, which fields, when), one topic per
   * service that holds records: only that service may write it (docs/kafka-security.md), so the topic a
   * read arrives on says which service recorded it.
   */
  intakeAuditAccess: 'cp.intake.audit.access.v1',
  caseworkAuditAccess: 'cp.casework.audit.access.v1',
  /**
   * Signed, chained checkpoints of the stream heads of one service, so copies of its hash chains exist
   * outside its database: one topic per producer, which only that service may write, so the topic a
   * checkpoint arrives on says whose it is (docs/audit-integrity.md).
   */
  intakeIntegrityCheckpoints: 'cp.intake.integrity.checkpoints.v1',
  caseworkIntegrityCheckpoints: 'cp.casework.integrity.checkpoints.v1',
  /** What reporting's integrity sweep found wrong: a checkpoint or a chain that does not check out. */
  reportingIntegrityAlerts: 'cp.reporting.integrity.alerts.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Messages that still fail after retries go here with the error, so the partition moves on. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** The services that record reads of a child's record, and the access topic each of them writes. */
export const AUDIT_ACCESS_TOPICS = {
  intake: TOPICS.intakeAuditAccess,
  casework: TOPICS.caseworkAuditAccess,
} as const;

/** The services that publish checkpoints of their stream heads, and the checkpoint topic each writes. */
export const CHECKPOINT_TOPICS = {
  intake: TOPICS.intakeIntegrityCheckpoints,
  casework: TOPICS.caseworkIntegrityCheckpoints,
} as const;
export type CheckpointProducer = keyof typeof CHECKPOINT_TOPICS;
