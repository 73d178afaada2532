import { DomainError } from '@cp/contracts';

/**
 * Somebody else appended to the stream since the caller read it (optimistic concurrency). It is a
 * domain-level conflict, so the HTTP layer answers 409 with the current version.
 */
export class ConcurrencyError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      'CONCURRENCY.VERSION_CONFLICT',
      `Someone else changed this record: you saw version ${expectedVersion}, it is now at version ${currentVersion}. ` +
        'Reload it, check the changes, and send your command again with the current version.',
      'conflict',
      { currentVersion, expectedVersion },
    );
    this.name = 'ConcurrencyError';
  }
}
