import type { Result } from './lib';
export async function referralToReportingBenchmark(_: {
  ratePerSecond: number;
  seconds: number;
}): Promise<Result[]> {
  return [];
}
