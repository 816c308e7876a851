/** Running src/server.ts as a real process and driving requests that stay in flight across a SIGTERM. */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { runScript, waitForListening, type RunningScript } from '../helpers/process.js';
import { eventually } from './support.js';

export const ADMIN = { email: 'shutdown-admin@example.com', password: 'shutdown-admin-password' };

export type Cleanup = (work: () => Promise<void> | void) => void;

export interface Server {
  run: RunningScript;
  base: string;
  port: number;
  file: string;
}

/** Starts src/server.ts on a fresh SQLite file; `cleanup` makes sure it is gone afterwards, whatever happens. */
export async function startServer(cleanup: Cleanup = onTestFinished): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'store-erp-shutdown-'));
  const file = join(dir, 'store.db');
  const run = runScript('src/server.ts', [], {
    env: { PORT: '0', DATABASE_URL: file, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, BCRYPT_COST: '4', LOG_LEVEL: 'debug' },
  });
  cleanup(async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const base = await waitForListening(run);
  return { run, base, port: Number(new URL(base).port), file };
}

export async function loginToken(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (res.status !== 200) throw new Error(`admin login failed with ${res.status}`);
  return ((await res.json()) as { data: { access_token: string } }).data.access_token;
}

/** Resolves with the error code of a TCP connection attempt to 127.0.0.1:port, or 'connected'. */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
  });
}

/** How many times the server has logged (at debug level) an incoming request for `method url` (it logs once routed). */
export function routedCount(run: RunningScript, method: string, url: string): number {
  return run
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"incoming request"') && line.includes(`"method":"${method}","url":"${url}"`)).length;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A request whose headers and first body bytes are sent at once and whose last bytes are sent by
 * `finish()`: the server has accepted and routed it, and it stays in flight for as long as the test wants.
 * `agent: false` (the default here) asks the server to close the connection after the answer.
 */
export function startRequest(port: number, method: string, path: string, headers: Record<string, string>, body: string, agent: Agent | false = false) {
  const payload = Buffer.from(body);
  const split = Math.floor(payload.length / 2);
  let req: ClientRequest | undefined;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = httpRequest(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
  void answer.catch(() => undefined); // the caller awaits it later; a refusal must not count as unhandled
  req?.write(payload.subarray(0, split));
  return {
    answer,
    finish: () => req?.end(payload.subarray(split)),
  };
}

/** A plain request through `agent` (which may reuse a kept-alive connection). */
export function send(port: number, method: string, path: string, headers: Record<string, string>, agent: Agent | false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends SIGTERM once the server has routed each given request (logged `method url` at least `count`
 * times in all), and waits until it says it is draining.
 */
export async function sigtermWhileInFlight(server: Server, routed: [method: string, url: string, count: number][]): Promise<void> {
  const allRouted = await eventually(() => Promise.resolve(routed.every(([method, url, count]) => routedCount(server.run, method, url) >= count)), 5000, 10);
  if (!allRouted) throw new Error(`the in-flight requests never reached the server:\n${server.run.output()}`);
  server.run.child.kill('SIGTERM');
  const draining = await eventually(() => Promise.resolve(server.run.output().includes('shutting down')), 5000, 10);
  if (!draining) throw new Error(`the server did not log its shutdown:\n${server.run.output()}`);
}
