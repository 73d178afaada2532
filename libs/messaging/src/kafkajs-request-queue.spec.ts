import { createRequire } from 'node:module';
import { fixKafkajsRequestQueue } from './kafkajs-request-queue';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  fulfillRequest(r: { correlationId: number; payload: Buffer | null; size: number }): void;
  destroy(): void;
}
const RequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as new (
  opts: Record<string, unknown>,
) => Queue;

const quiet = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  info: () => undefined,
};
const queue = () =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1000,
    enforceRequestTimeout: false,
    clientId: 't',
    broker: 'b:9092',
    logger: quiet,
  });

describe("kafkajs' request queue, fixed", () => {
  beforeAll(() => fixKafkajsRequestQueue());

  it('sets no timer, negative or otherwise, after a response when nothing is pending', () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const spy = jest.spyOn(global, 'setTimeout');
    try {
      const q = queue();
      q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
      q.checkPendingRequests();
      expect(q.throttleCheckTimeoutId).toBeNull();
      expect(spy).not.toHaveBeenCalled();
      q.destroy();
    } finally {
      spy.mockRestore();
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'TimeoutNegativeWarning')).toEqual([]);
  });

  it('still waits out a throttle for requests that are pending', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const q = queue();
      const checked = jest.spyOn(q, 'checkPendingRequests').mockImplementation(() => undefined);
      q.pending.push({});
      q.throttledUntil = 1_000_000 + 500;
      (q as unknown as { scheduleCheckPendingRequests(): void }).scheduleCheckPendingRequests();
      expect(q.throttleCheckTimeoutId).not.toBeNull();
      jest.advanceTimersByTime(499);
      expect(checked).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(checked).toHaveBeenCalledTimes(1);
      q.pending.length = 0;
      q.destroy();
    } finally {
      jest.useRealTimers();
    }
  });
});
