import { createRequire } from 'node:module';

/** The part of kafkajs' RequestQueue (kafkajs/src/network/requestQueue) that the fix below touches. */
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' own interval for re-checking a queue held back by too many requests in flight. */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

const patched = Symbol.for('cp.kafkajs.scheduleCheckPendingRequests');

/**
 * kafkajs 2.2.4 (the last release) re-checks a connection's request queue after every response with
 * `setTimeout(check, throttledUntil - Date.now())`. Unthrottled, `throttledUntil` is -1, so the delay is
 * minus the epoch in milliseconds even when nothing is pending: Node turns it into 1 ms, and the check
 * schedules itself again, so every idle connection polls its empty queue every millisecond for ever. Node 24
 * reports each such timer with a `TimeoutNegativeWarning` on stderr (the line that broke the services' JSON
 * logs). Known upstream (kafkajs issues 1704 and 1751), unreleased.
 *
 * The fix, at the cause: with nothing pending there is nothing to check (a new request is either sent at once
 * or, when it has to wait, queued and scheduled by `push`), so no timer; with requests pending, wait out the
 * broker's throttle, or kafkajs' own interval when only the in-flight limit holds them. Applied once to the
 * class's prototype, so every kafkajs client of the process (services, tests, bench) has it.
 */
export function fixKafkajsRequestQueue(): void {
  const require = createRequire(__filename);
  const proto = (
    require('kafkajs/src/network/requestQueue') as { prototype: RequestQueue & { [patched]?: true } }
  ).prototype;
  if (proto[patched]) return;
  proto.scheduleCheckPendingRequests = function (this: RequestQueue) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const throttledFor = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledFor > 0 ? throttledFor : CHECK_PENDING_REQUESTS_INTERVAL,
    );
  };
  proto[patched] = true;
}
