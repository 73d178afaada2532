/** Topics of record (kept forever, ARCHITECTURE §2 rule 8). The suffix is the contract version. */
export const TOPICS = {
  intakeContacts: 'cp.intake.contacts.v1',
  caseworkCases: 'cp.casework.cases.v1',
  /** Every read of a child's record (who, role, unit, which record, which fields, when). */
  auditAccess: 'cp.audit.access.v1',
  /** Periodic digests of every stream head of a service, so copies of the hash chains exist outside it. */
  integrityCheckpoints: 'cp.integrity.checkpoints.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Messages that still fail after retries go here with the error, so the partition moves on. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
