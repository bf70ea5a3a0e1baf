import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { sleep } from './deadline.util';

/** CPU time spent over a window, in cores (1.0 = one core busy for the whole window). */
export interface CpuShares {
  busy: number;
  kafka: number;
  postgres: number;
  bench: number;
  /** Everything else: other engineers' builds and tests, the kernel, ... */
  other: number;
}

interface Snapshot {
  /** Jiffies of all CPUs, busy and idle. */
  total: number;
  idle: number;
  kafka: number;
  postgres: number;
  bench: number;
}

/** Starts a window; the returned function ends it. Undefined shares off Linux (no /proc). */
export function cpuWindow(): () => CpuShares | undefined {
  const before = snapshot();
  return () => {
    const after = snapshot();
    if (!before || !after || after.total === before.total) return undefined;
    const cores = (jiffies: number) => (jiffies / (after.total - before.total)) * cpus().length;
    const busy = cores(after.total - before.total - (after.idle - before.idle));
    const kafka = cores(after.kafka - before.kafka);
    const postgres = cores(after.postgres - before.postgres);
    const bench = cores(after.bench - before.bench);
    return { busy, kafka, postgres, bench, other: Math.max(0, busy - kafka - postgres - bench) };
  };
}

export function describeShares(s: CpuShares | undefined): string {
  if (!s) return 'CPU shares unavailable (no /proc)';
  const f = (n: number) => n.toFixed(2);
  return (
    `CPU (cores of ${cpus().length}): ${f(s.busy)} busy = kafka ${f(s.kafka)} + postgres ${f(s.postgres)}` +
    ` + this bench ${f(s.bench)} + other processes ${f(s.other)}`
  );
}

/**
 * On a shared development machine, other people's builds take the CPUs the broker and the database
 * need. Waits (bounded) until other processes use less than `maxOtherCores`; returns what it saw last.
 */
export async function waitForQuietMachine(
  maxWaitMs: number,
  maxOtherCores = 0.3,
): Promise<CpuShares | undefined> {
  const deadline = Date.now() + maxWaitMs;
  let told = false;
  for (;;) {
    const end = cpuWindow();
    await sleep(500);
    const shares = end();
    if (!shares || shares.other < maxOtherCores || Date.now() >= deadline) return shares;
    if (!told)
      console.log(
        `  waiting for other processes to calm down (they use ${shares.other.toFixed(2)} cores)`,
      );
    told = true;
  }
}

function snapshot(): Snapshot | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const shot: Snapshot = {
      total: fields.reduce((a, b) => a + b, 0),
      idle: (fields[3] ?? 0) + (fields[4] ?? 0),
      kafka: 0,
      postgres: 0,
      bench: 0,
    };
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      const stat = processJiffies(pid);
      if (Number(pid) === process.pid) shot.bench += stat?.jiffies ?? 0;
      else if (stat?.name === 'java') shot.kafka += stat.jiffies;
      else if (stat?.name === 'postgres') shot.postgres += stat.jiffies;
    }
    return shot;
  } catch {
    return undefined;
  }
}

function processJiffies(pid: string): { name: string; jiffies: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    // After "pid (name) " come the fields from 3 (state) on; utime and stime are fields 14 and 15.
    const rest = stat.slice(close + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, close),
      jiffies: Number(rest[11]) + Number(rest[12]),
    };
  } catch {
    return undefined; // the process ended between listing and reading
  }
}
