/**
 * Graceful shutdown when a client keeps its connections open (browsers, reverse proxies, load balancers)
 * and has a request in flight at SIGTERM. Own file, to keep each file's run time short.
 */
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractViolations } from '../helpers/contract.js';
import { ADMIN, loginToken, send, sigtermWhileInFlight, startRequest, startServer } from './server-process.js';
import { sleep } from './support.js';

/**
 * The scenario runs once in beforeAll and records what happened, so the expected-fail tests below can
 * fail only on the behaviour they describe, never on set-up trouble.
 */
describe('graceful shutdown with a keep-alive client', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  let observed: {
    inFlightStatus: number;
    connectionHeader: string | undefined;
    /** The exit code within 2 s of the last answer, or 'still running'. */
    exitWithin2s: number | null | string;
    /** The contract problems of the client's next request on its connection ([] if it was refused). */
    nextRequest: { outcome: string; violations: string[] };
    exitCode: number | null;
  };

  beforeAll(async () => {
    const server = await startServer((work) => cleanups.push(work));
    const auth = { authorization: `Bearer ${await loginToken(server.base)}` };
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => {
      agent.destroy();
    });
    const login = startRequest(server.port, 'POST', '/api/auth/login', {}, JSON.stringify(ADMIN), agent);
    // One login was loginToken's; the second is the one in flight.
    await sigtermWhileInFlight(server, [['POST', '/api/auth/login', 2]]);
    login.finish();
    const answer = await login.answer;
    const exitWithin2s = await Promise.race([server.run.exited, sleep(2000).then(() => 'still running')]);
    // The same client's next request goes out on the connection it still holds, if the server left it open.
    const next = await send(server.port, 'GET', '/api/products', auth, agent).then(
      (res) => ({
        outcome: `${res.status} ${res.body.slice(0, 120)}`,
        violations: contractViolations('GET', '/api/products', { statusCode: res.status, headers: res.headers, body: res.body }),
      }),
      (error: unknown) => ({ outcome: `not sent: ${error instanceof Error ? error.message : 'error'}`, violations: [] }),
    );
    agent.destroy();
    const exitCode = await Promise.race([server.run.exited, sleep(12_000).then(() => null)]);
    observed = { inFlightStatus: answer.status, connectionHeader: answer.headers.connection, exitWithin2s, nextRequest: next, exitCode };
  }, 40_000);

  afterAll(async () => {
    for (const work of cleanups.splice(0)) await work();
  });

  it('answers the in-flight request normally, and exits 0 once the client has let go', () => {
    expect(observed.inFlightStatus).toBe(200);
    expect(observed.exitCode).toBe(0);
  });

  // Answers sent while draining carry `Connection: close`, so kept-alive clients let the process exit.
  it('closes a kept-alive connection after its in-flight answer and exits 0 promptly', () => {
    expect({ connection: observed.connectionHeader, exitWithin2s: observed.exitWithin2s }).toEqual({ connection: 'close', exitWithin2s: 0 });
  });

  // A request already on an open connection during the drain is served normally, within the spec.
  it('answers a request arriving on a kept-alive connection during the drain as the spec says', () => {
    expect(observed.nextRequest.violations, observed.nextRequest.outcome).toEqual([]);
  });
});
