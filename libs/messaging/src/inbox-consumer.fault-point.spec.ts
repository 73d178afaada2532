import { crashAfterCommitType } from './inbox-consumer';

// The crash-after-commit fault point exists for the end-to-end tests only: development mode, or nothing.
describe('the inbox consumer fault point', () => {
  it('is armed with CP_DEVELOPMENT=1 and a message type', () => {
    expect(crashAfterCommitType({ CP_DEVELOPMENT: '1', CP_FAULT_CRASH_AFTER_COMMIT: 'ReportReferred' })).toBe(
      'ReportReferred',
    );
    expect(crashAfterCommitType({ CP_DEVELOPMENT: 'true', CP_FAULT_CRASH_AFTER_COMMIT: ' X ' })).toBe('X');
  });

  it.each([
    { CP_FAULT_CRASH_AFTER_COMMIT: 'ReportReferred' },
    { CP_DEVELOPMENT: '0', CP_FAULT_CRASH_AFTER_COMMIT: 'ReportReferred' },
    { CP_DEVELOPMENT: '1', CP_FAULT_CRASH_AFTER_COMMIT: ' ' },
    { CP_DEVELOPMENT: '1' },
  ])('is ignored otherwise: %j', (env) => {
    expect(crashAfterCommitType(env)).toBeNull();
  });
});
