/** Somebody else appended to the stream since the caller read it (optimistic concurrency). */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`stream ${streamId} is at version ${currentVersion}, not ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}
