import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Runs `work` now and then again `intervalMs` after each run ends (never two at once), until stopped;
 * a failed run is reported and the next one goes ahead. For the watchers that turn the passing of time
 * into events (missed deadlines, follow-up alerts).
 */
export function runPeriodically(
  intervalMs: number,
  work: (run: number) => Promise<unknown>,
  onError: (err: unknown) => void,
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let run = 0;
  const tick = () => {
    running = work(run++)
      .then(() => undefined)
      .catch(onError)
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * A service that does its work periodically (runPeriodically) for as long as the application runs: it
 * starts once the application has booted, if `everyMs` is not 0 (0 turns it off), and stops at shutdown,
 * waiting for a run in progress. A subclass says what one run does; `onError` reports a failed run (the
 * next one goes ahead as usual).
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private periodic: { stop(): Promise<void> } | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** One run; `run` counts the runs since the start, from 0. */
  protected abstract runOnce(run: number): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (!this.everyMs) return;
    this.periodic = runPeriodically(this.everyMs, (run) => this.runOnce(run), this.onError);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }
}
