/**
 * WEB_CONCURRENCY > 1: a primary that keeps that many worker processes on one port, migrates through the
 * first worker only, shares its generated JWT secret with them, replaces a worker that dies and shuts all
 * down on SIGTERM.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runScript, waitForListening, type RunningScript } from '../helpers/process.js';
import { ADMIN, loginToken, send } from './server-process.js';
import { eventually } from './support.js';

function startCluster(env: Record<string, string>): RunningScript {
  const dir = mkdtempSync(join(tmpdir(), 'store-erp-cluster-'));
  const run = runScript('src/server.ts', [], {
    env: { PORT: '0', DATABASE_URL: join(dir, 'store.db'), WEB_CONCURRENCY: '2', BCRYPT_COST: '4', LOG_LEVEL: 'info', ...env },
  });
  onTestFinished(async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    for (const pid of workerPids(run)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return run;
}

function workerPids(run: RunningScript): number[] {
  const pid = run.child.pid;
  if (pid === undefined) return [];
  try {
    return readFileSync(`/proc/${String(pid)}/task/${String(pid)}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The pids that logged a completed request carrying `requestId`. */
function pidsThatServed(run: RunningScript, requestIds: string[]): Set<number> {
  const pids = new Set<number>();
  for (const line of run.output().split('\n')) {
    if (!line.includes('"msg":"request completed"')) continue;
    const entry = JSON.parse(line) as { pid: number; reqId: string };
    if (requestIds.includes(entry.reqId)) pids.add(entry.pid);
  }
  return pids;
}

describe.skipIf(process.platform !== 'linux')('a cluster of workers (WEB_CONCURRENCY=2)', () => {
  it('serves from both workers with one JWT secret, replaces a worker that dies, and exits 0 on SIGTERM', async () => {
    const run = startCluster({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    const base = await waitForListening(run);
    const port = Number(new URL(base).port);
    const listeningWorkers = () => run.output().split('Server listening at').length - 1;
    expect(await eventually(() => Promise.resolve(listeningWorkers() === 2), 15_000, 50), run.output()).toBe(true);
    const workers = workerPids(run);

    // The first worker migrated and created the admin; every worker answers for the same data.
    const token = await loginToken(base);
    const requestIds = Array.from({ length: 12 }, (_, i) => `cluster-probe-${String(i)}`);
    for (const id of requestIds) {
      // A new connection each time (agent: false), so the primary hands them out to both workers in turn.
      const res = await send(port, 'GET', '/api/auth/me', { authorization: `Bearer ${token}`, 'x-request-id': id }, false);
      expect(res.status).toBe(200);
    }
    await eventually(() => Promise.resolve(pidsThatServed(run, requestIds).size === 2), 5000, 50);
    expect([...pidsThatServed(run, requestIds)].sort()).toEqual([...workers].sort());

    expect(workers).toHaveLength(2);
    const victim = workers[0] as number;
    process.kill(victim, 'SIGKILL');
    expect(await eventually(() => Promise.resolve(listeningWorkers() === 3 && !workerPids(run).includes(victim)), 15_000, 50), run.output()).toBe(true);
    const survivors = workerPids(run);
    expect(survivors).toHaveLength(2);
    expect(run.output()).toContain(`worker ${String(victim)} exited`);
    expect((await send(port, 'GET', '/api/health', {}, false)).status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const alive = survivors.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive, 'every worker has exited with the primary').toEqual([]);
  });

  it('exits non-zero, without restarting workers in a loop, when the first worker cannot start', async () => {
    // A directory under a regular file: the database can never be opened.
    const run = startCluster({ DATABASE_URL: '/etc/hostname/store.db' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Failed to start');
    expect(run.output()).not.toContain('starting another');
  });
});
