import { runPeriodically } from './periodic';

describe('runPeriodically', () => {
  it('runs again after each run, goes on after a failure, and stop waits for the run in progress', async () => {
    const runs: number[] = [];
    const errors: unknown[] = [];
    let finished = 0;
    const periodic = runPeriodically(
      5,
      async (run) => {
        runs.push(run);
        await new Promise((r) => setTimeout(r, 2));
        finished++;
        if (run === 1) throw new Error('boom');
      },
      (err) => errors.push(err),
    );
    while (runs.length < 4) await new Promise((r) => setTimeout(r, 5));
    await periodic.stop();
    const after = runs.length;
    expect(finished).toBe(runs.length);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs.length).toBe(after);
    expect(runs.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(errors).toHaveLength(1);
  });
});
