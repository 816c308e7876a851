/**
 * CPU time spent by the parties of a run, read from /proc (Linux): the server (its process tree), PostgreSQL
 * (the postmaster with every backend, live or already reaped) and the bench's own process (the load
 * generator, or the SQL side's client). Divided by the requests served, it shows where each request's
 * time goes, which the machine's drift does not hide the way it hides a throughput figure.
 */
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuMark {
  atMs: number;
  /** Seconds of CPU, per party; undefined where /proc cannot tell (another machine's database, say). */
  serverSeconds?: number;
  /** Seconds on a CPU of each server process's main thread, the event loop that serves its requests. */
  serverThreads?: Map<number, number>;
  postgresSeconds?: number;
  selfSeconds: number;
}

export interface CpuPerRequest {
  /** Microseconds of CPU per request. */
  serverUs?: number;
  postgresUs?: number;
  selfUs: number;
  /** Fraction of the wall time the busiest server event loop was on a CPU. */
  serverLoopBusy?: number;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** utime, stime, cutime, cstime of /proc/<pid>/stat, in seconds; the name may hold spaces, so fields count from its `)`. */
function processTimes(pid: number): { own: number; reapedChildren: number } | undefined {
  const stat = readText(`/proc/${String(pid)}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tick = (index: number) => Number(fields[index] ?? 0) / CLOCK_TICKS_PER_SECOND;
  return { own: tick(11) + tick(12), reapedChildren: tick(13) + tick(14) };
}

function childrenOf(pid: number): number[] {
  const text = readText(`/proc/${String(pid)}/task/${String(pid)}/children`) ?? '';
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

function processTree(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(processTree)];
}

/** Nanoseconds a thread has run, from schedstat (finer than the clock ticks of stat). */
function threadRunSeconds(pid: number, tid: number): number | undefined {
  const text = readText(`/proc/${String(pid)}/task/${String(tid)}/schedstat`);
  return text === undefined ? undefined : Number(text.split(' ')[0]) / 1e9;
}

function allThreadsSeconds(pid: number): number {
  let total = 0;
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${String(pid)}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) total += threadRunSeconds(pid, Number(tid)) ?? 0;
  return total;
}

const isPostgres = (pid: number) => readText(`/proc/${String(pid)}/comm`)?.trim() === 'postgres';

/**
 * The postmaster of a backend: the parent of `backendPid`, if this machine runs it (a database elsewhere
 * reports a pid that here is nobody's, or another program's).
 */
export function postmasterOf(backendPid: number): number | undefined {
  if (!isPostgres(backendPid)) return undefined;
  const status = readText(`/proc/${String(backendPid)}/status`);
  const parent = status === undefined ? undefined : /^PPid:\s+(\d+)/m.exec(status)?.[1];
  return parent !== undefined && isPostgres(Number(parent)) ? Number(parent) : undefined;
}

function postgresSeconds(postmasterPid: number): number | undefined {
  const postmaster = processTimes(postmasterPid);
  if (!postmaster) return undefined;
  // Backends that ended are in the postmaster's reaped-children time; the live ones count their own.
  let total = postmaster.own + postmaster.reapedChildren;
  for (const child of childrenOf(postmasterPid)) total += processTimes(child)?.own ?? 0;
  return total;
}

export function cpuMark(serverPid: number | undefined, postmasterPid: number | undefined): CpuMark {
  const usage = process.cpuUsage();
  const mark: CpuMark = { atMs: performance.now(), selfSeconds: (usage.user + usage.system) / 1e6 };
  if (serverPid !== undefined) {
    const tree = processTree(serverPid);
    mark.serverSeconds = tree.reduce((sum, pid) => sum + allThreadsSeconds(pid), 0);
    mark.serverThreads = new Map(tree.flatMap((pid) => {
      const seconds = threadRunSeconds(pid, pid);
      return seconds === undefined ? [] : [[pid, seconds] as const];
    }));
  }
  if (postmasterPid !== undefined) mark.postgresSeconds = postgresSeconds(postmasterPid);
  return mark;
}

function perRequest(before: number | undefined, after: number | undefined, requests: number): number | undefined {
  return before === undefined || after === undefined || requests === 0 ? undefined : ((after - before) * 1e6) / requests;
}

export function cpuPerRequest(before: CpuMark, after: CpuMark, requests: number): CpuPerRequest {
  const wallSeconds = (after.atMs - before.atMs) / 1000;
  let serverLoopBusy: number | undefined;
  for (const [pid, seconds] of after.serverThreads ?? []) {
    const earlier = before.serverThreads?.get(pid);
    if (earlier === undefined || wallSeconds <= 0) continue;
    serverLoopBusy = Math.max(serverLoopBusy ?? 0, (seconds - earlier) / wallSeconds);
  }
  return {
    serverUs: perRequest(before.serverSeconds, after.serverSeconds, requests),
    postgresUs: perRequest(before.postgresSeconds, after.postgresSeconds, requests),
    selfUs: perRequest(before.selfSeconds, after.selfSeconds, requests) ?? 0,
    serverLoopBusy,
  };
}
