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
