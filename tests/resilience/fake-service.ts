import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';

/**
 * How the fake answers:
 * - ok: 200 (after `delayMs`, if set)
 * - fail: 500
 * - reject: `rejectStatus` (402 by default; a 4xx)
 * - hang: never answers (until the mode changes to down or the fake stops)
 * - down: the server is closed and the port refuses connections
 */
export type FakeMode = 'ok' | 'fail' | 'reject' | 'hang' | 'down';

export interface ReceivedCall {
  method: string;
  /** The request path, so one fake can stand in for several services (`${url}email`, `${url}sms`). */
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (the raw text when it is not JSON). */
  body: unknown;
  /** The mode the fake was in when the request arrived. */
  mode: FakeMode;
  receivedAt: number;
  /** The status answered; undefined while (or because) it hangs. */
  status: number | undefined;
  answeredAt: number | undefined;
}

export interface FakeOptions {
  mode?: Exclude<FakeMode, 'down'>;
  rejectStatus?: number;
  delayMs?: number;
}

function eventIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as Record<string, unknown>).event_id;
  return typeof id === 'string' ? id : undefined;
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(raw);
  if (encoding === 'deflate') return inflateSync(raw);
  return raw;
}

/**
 * A local HTTP service on 127.0.0.1 (an ephemeral port) whose behaviour can be switched at runtime.
 * It records every request it receives, and notices when a message with the same event_id arrives on the
 * same path while an earlier copy is still being answered (`overlaps`).
 */
export class FakeService {
  readonly received: ReceivedCall[] = [];
  /** `path event_id` keys that arrived while the same key was still in flight. */
  readonly overlaps: string[] = [];
  rejectStatus: number;
  delayMs: number;
  private currentMode: FakeMode;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly inFlight = new Map<string, number>();
  private port = 0;

  private constructor(options: FakeOptions) {
    this.currentMode = options.mode ?? 'ok';
    this.rejectStatus = options.rejectStatus ?? 402;
    this.delayMs = options.delayMs ?? 0;
    this.server = createServer((request, response) => {
      this.handle(request, response);
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: FakeOptions = {}): Promise<FakeService> {
    const fake = new FakeService(options);
    await fake.listen(0);
    return fake;
  }

  /** The base URL, ending in `/`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get mode(): FakeMode {
    return this.currentMode;
  }

  /** Switches behaviour; going `down` closes the port (and every open connection), leaving it reopens it. */
  async setMode(mode: FakeMode): Promise<void> {
    if (mode === this.currentMode) return;
    if (mode === 'down') {
      this.currentMode = 'down';
      await this.close();
      return;
    }
    if (this.currentMode === 'down') await this.listen(this.port);
    this.currentMode = mode;
  }

  /** Bodies received, optionally only on one path. */
  bodies<T = Record<string, unknown>>(path?: string): T[] {
    return this.received.filter((c) => path === undefined || c.path === path).map((c) => c.body as T);
  }

  /** Calls that were answered with 2xx. */
  accepted(path?: string): ReceivedCall[] {
    return this.received.filter((c) => (path === undefined || c.path === path) && c.status !== undefined && c.status < 300);
  }

  clear(): void {
    this.received.length = 0;
    this.overlaps.length = 0;
  }

  async stop(): Promise<void> {
    if (this.currentMode === 'down') return;
    this.currentMode = 'down';
    await this.close();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        reject(error);
      };
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
      // Kept-alive and hanging connections would keep a closed server half-alive: cut them all.
      for (const socket of this.sockets) socket.destroy();
      this.server.closeAllConnections();
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const encoding = request.headers['content-encoding'];
      const text = decode(Buffer.concat(chunks), typeof encoding === 'string' ? encoding : undefined).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // not JSON: keep the text
      }
      const mode = this.currentMode;
      const call: ReceivedCall = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body,
        mode,
        receivedAt: Date.now(),
        status: undefined,
        answeredAt: undefined,
      };
      this.received.push(call);

      const eventId = eventIdOf(body);
      if (eventId !== undefined) {
        const key = `${call.path} ${eventId}`;
        const running = this.inFlight.get(key) ?? 0;
        if (running > 0) this.overlaps.push(key);
        this.inFlight.set(key, running + 1);
        response.on('close', () => {
          this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
        });
      }

      if (mode === 'hang' || mode === 'down') return;
      const status = mode === 'ok' ? 200 : mode === 'fail' ? 500 : this.rejectStatus;
      const answer = () => {
        if (response.destroyed) return;
        call.status = status;
        call.answeredAt = Date.now();
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(status < 400 ? { ok: true } : { error: mode }));
      };
      if (mode === 'ok' && this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
  }
}

/** Polls `check` until it returns true, failing after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
