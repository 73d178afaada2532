/** Topics of record (kept forever, ARCHITECTURE §2 rule 8). The suffix is the contract version. */
export const TOPICS = {
  intakeContacts: 'cp.intake.contacts.v1',
  caseworkCases: 'cp.casework.cases.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Messages that still fail after retries go here with the error, so the partition moves on. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
