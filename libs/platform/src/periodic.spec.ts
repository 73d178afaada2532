import { PeriodicTask, runPeriodically } from './periodic';

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

describe('PeriodicTask', () => {
  class Counting extends PeriodicTask {
    readonly runs: number[] = [];
    constructor(everyMs: number, onError: (err: unknown) => void = () => undefined) {
      super(everyMs, onError);
    }
    protected async runOnce(run: number): Promise<void> {
      this.runs.push(run);
      if (run === 0) throw new Error('boom');
    }
  }

  it('runs from bootstrap to shutdown, reporting failed runs', async () => {
    const errors: unknown[] = [];
    const task = new Counting(2, (err) => errors.push(err));
    task.onApplicationBootstrap();
    while (task.runs.length < 3) await new Promise((r) => setTimeout(r, 2));
    await task.onApplicationShutdown();
    const after = task.runs.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(task.runs.length).toBe(after);
    expect(task.runs.slice(0, 3)).toEqual([0, 1, 2]);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('never starts when its interval is 0', async () => {
    const task = new Counting(0);
    task.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 20));
    await task.onApplicationShutdown();
    expect(task.runs).toEqual([]);
  });
});
