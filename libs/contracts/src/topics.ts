/** Topics of record (kept forever, ARCHITECTURE §2 rule 8). The suffix is the contract version. */
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
  /** Periodic digests of every stream head of a service, so copies of the hash chains exist outside it. */
  integrityCheckpoints: 'cp.integrity.checkpoints.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Messages that still fail after retries go here with the error, so the partition moves on. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** The services that record reads of a child's record, and the access topic each of them writes. */
export const AUDIT_ACCESS_TOPICS = {
  intake: TOPICS.intakeAuditAccess,
  casework: TOPICS.caseworkAuditAccess,
} as const;
