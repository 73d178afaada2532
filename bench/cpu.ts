import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time spent by each part of the stack over a window, read from /proc (Linux): the services by the
 * entry file on their command line, PostgreSQL backends by the database they serve (so each service's
 * share of the database's work is visible), the Kafka broker, and this benchmark process. On a shared
 * 2-core machine, CPU seconds per unit of work are far steadier than latencies, and they add up: when
 * their sum per second reaches the number of cores, every queue grows.
 */
export type CpuGroup = string;

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

function classify(cmdline: string, databases: Record<string, string>): CpuGroup | null {
  const app = /dist\/apps\/(\w+)\//.exec(cmdline);
  if (app) return app[1];
  if (cmdline.startsWith('postgres:')) {
    for (const [db, name] of Object.entries(databases)) if (cmdline.includes(` ${db} `)) return `pg:${name}`;
    return 'pg:other';
  }
  if (/\/postgres\b/.test(cmdline)) return 'pg:other';
  if (cmdline.includes('kafka.Kafka') || cmdline.includes('kafka-server')) return 'kafka';
  if (cmdline.includes('dist/bench/run.js')) return 'bench';
  return null;
}

function ticksOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

function snapshot(databases: Record<string, string>): Map<string, { group: CpuGroup; ticks: number }> {
  const out = new Map<string, { group: CpuGroup; ticks: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    const group = classify(cmdline, databases);
    if (!group) continue;
    const ticks = ticksOf(pid);
    if (ticks !== null) out.set(pid, { group, ticks });
  }
  return out;
}

/**
 * Starts counting; `stop()` gives CPU seconds per group over the window. `databases` maps a database name
 * to the label its backends are counted under. Processes that exit during the window are not counted.
 */
export function cpuWindow(databases: Record<string, string>): {
  stop: () => { seconds: number; byGroup: Record<CpuGroup, number> };
} {
  const before = snapshot(databases);
  const t0 = performance.now();
  return {
    stop: () => {
      const after = snapshot(databases);
      const byGroup: Record<CpuGroup, number> = {};
      for (const [pid, a] of after) {
        const spent = a.ticks - (before.get(pid)?.ticks ?? 0);
        byGroup[a.group] = (byGroup[a.group] ?? 0) + spent / CLOCK_TICKS_PER_SECOND;
      }
      return { seconds: (performance.now() - t0) / 1000, byGroup };
    },
  };
}
