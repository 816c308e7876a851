// Sentry is process-global (initSentry), so it lives in a file of its own: vitest runs each file in its own process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushSentry, initSentry } from '../../src/observability/sentry.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';

interface EnvelopeItem {
  header: { type?: string };
  payload: unknown;
}
interface SentryEvent {
  event_id?: string;
  environment?: string;
  release?: string;
  tags?: Record<string, string>;
  exception?: { values?: { type?: string; value?: string }[] };
  request?: { headers?: Record<string, string>; cookies?: unknown };
}

/** A local stand-in for Sentry's ingestion endpoint: records every envelope it is sent. */
class FakeSentry {
  readonly envelopes: { path: string; items: EnvelopeItem[] }[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        this.envelopes.push({ path: request.url ?? '/', items: FakeSentry.parse(text) });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
  }

  static async start(): Promise<FakeSentry> {
    const fake = new FakeSentry();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** An envelope is newline-separated JSON: a header, then (item header, item payload) pairs. */
  static parse(text: string): EnvelopeItem[] {
    const lines = text.split('\n').filter((line) => line.length > 0);
    const items: EnvelopeItem[] = [];
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const header = JSON.parse(lines[i] ?? '{}') as EnvelopeItem['header'];
      let payload: unknown = lines[i + 1];
      try {
        payload = JSON.parse(lines[i + 1] ?? '') as unknown;
      } catch {
        // an attachment or other non-JSON payload
      }
      items.push({ header, payload });
    }
    return items;
  }

  events(): SentryEvent[] {
    return this.envelopes.flatMap((e) => e.items.filter((item) => item.header.type === 'event').map((item) => item.payload as SentryEvent));
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}

let sentry: FakeSentry;
let t: TestApp;
let session: Session;

beforeAll(async () => {
  sentry = await FakeSentry.start();
  await initSentry({ dsn: `http://publickey@127.0.0.1:${sentry.port}/1`, tracesSampleRate: 0 }, 'test', '0.0.0');
  t = await createTestApp();
  session = await t.sessionAs('user');
});
afterAll(async () => {
  await t.close();
  await flushSentry();
  await sentry.stop();
});

interface ErrorEnvelope {
  error: { code: string; details: Record<string, unknown> };
}

describe('Sentry', () => {
  it('is not sent client errors (4xx)', async () => {
    expect((await t.request({ method: 'GET', url: '/api/auth/me' })).status).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/orders/424242', headers: bearer(session) })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: '/api/orders', headers: bearer(session), payload: { items: 'nope' } })).status).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/no-such-route' })).statusCode).toBe(404);
    expect(await flushSentry()).toBe(true);
    expect(sentry.events()).toEqual([]);
  });

  it('receives an unexpected 500 as an exception tagged with the request id the client saw', async () => {
    // Break the session store: any authenticated call now fails in a way nobody planned for.
    await sql`drop table refresh_tokens`.execute(t.db);
    await sql`drop table sessions`.execute(t.db);
    const res = await t.request<ErrorEnvelope>({ method: 'GET', url: '/api/auth/me', headers: { ...bearer(session), 'x-request-id': 'sentry-trace-500' } });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL_ERROR');
    expect(res.body.error.details.request_id).toBe('sentry-trace-500');
    expect(res.headers['x-request-id']).toBe('sentry-trace-500');

    // And one with a generated request id.
    const generated = await t.request<ErrorEnvelope>({ method: 'GET', url: '/api/auth/me', headers: bearer(session) });
    expect(generated.status).toBe(500);
    const generatedId = String(generated.headers['x-request-id']);
    expect(generated.body.error.details.request_id).toBe(generatedId);

    expect(await flushSentry()).toBe(true);
    const events = sentry.events();
    expect(events).toHaveLength(2);
    expect(sentry.envelopes.every((e) => e.path.split('?')[0] === '/api/1/envelope/')).toBe(true);
    const [first, second] = events;
    expect(first?.tags).toMatchObject({ request_id: 'sentry-trace-500', route: '/api/auth/me' });
    expect(second?.tags).toMatchObject({ request_id: generatedId });
    for (const event of events) {
      expect(event.environment).toBe('test');
      expect(event.release).toBe('store-erp@0.0.0');
      expect(event.exception?.values?.length).toBeGreaterThan(0);
      // sendDefaultPii is off: the bearer token never leaves the process.
      expect(JSON.stringify(event)).not.toContain(session.accessToken);
    }
  });
});
