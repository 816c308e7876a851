/**
 * The server's memory, read from the kernel: for one process its resident set; for a cluster (a primary and
 * its workers) an upper estimate of their union: the pages each process has to itself, plus the largest
 * process's shared pages (the node binary, libraries), counted once. Summing each process's resident set
 * would count that shared code once per process; summing PSS would undercount it, splitting it with any
 * other process that maps the same binary (the bench itself).
 */
import { readFileSync } from 'node:fs';

interface ProcessMemory {
  privateKb: number;
  sharedKb: number;
  peakRssKb: number;
}

function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return [pid, ...children.flatMap(processTree)];
}

function field(text: string, name: string): number {
  return Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? '0');
}

function readProcessMemory(pid: number): ProcessMemory | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      privateKb: field(rollup, 'Private_Clean') + field(rollup, 'Private_Dirty'),
      sharedKb: field(rollup, 'Shared_Clean') + field(rollup, 'Shared_Dirty'),
      peakRssKb: field(status, 'VmHWM'),
    };
  } catch {
    // The process ended between listing and reading.
    return undefined;
  }
}

export interface MemoryReport {
  /** Highest sampled footprint: private pages of every process plus the largest shared set, in MB. */
  peakMb: number;
  /** Every process's own peak resident set (VmHWM), summed, in MB. */
  summedPeakRssMb: number;
  processes: number;
}

/** Samples the footprint of `pid` and its descendants every `intervalMs` until stopped. */
export function sampleMemory(pid: number, intervalMs = 200): { stop(): MemoryReport } {
  let peakKb = 0;
  const peakRss = new Map<number, number>();
  const sample = () => {
    let privateKb = 0;
    let sharedKb = 0;
    for (const member of processTree(pid)) {
      const memory = readProcessMemory(member);
      if (!memory) continue;
      privateKb += memory.privateKb;
      sharedKb = Math.max(sharedKb, memory.sharedKb);
      peakRss.set(member, Math.max(peakRss.get(member) ?? 0, memory.peakRssKb));
    }
    peakKb = Math.max(peakKb, privateKb + sharedKb);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const summed = [...peakRss.values()].reduce((sum, kb) => sum + kb, 0);
      // One process: its exact peak resident set, which a sample may have missed.
      const peak = peakRss.size === 1 ? Math.max(peakKb, summed) : peakKb;
      return { peakMb: peak / 1024, summedPeakRssMb: summed / 1024, processes: peakRss.size };
    },
  };
}
