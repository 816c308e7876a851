import CircuitBreaker from 'opossum';
import type { FastifyBaseLogger } from 'fastify';
import type { ExternalServiceName } from '../config.js';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'disabled';

/** A call the remote service answered and refused on its merits (a 4xx): not a sign it is unhealthy. */
export class ServiceRejection extends Error {
  constructor(
    readonly service: ExternalServiceName,
    readonly status: number,
  ) {
    super(`${service} refused the request with ${status}`);
    this.name = 'ServiceRejection';
  }
}

/** The service failed, timed out, or its breaker is open: try again later. */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: ExternalServiceName,
    reason: string,
  ) {
    super(`${service} is unavailable: ${reason}`);
    this.name = 'ServiceUnavailableError';
  }
}

export type CallOutcome = { kind: 'delivered'; status: number } | { kind: 'skipped' };

interface ServiceOptions {
  name: ExternalServiceName;
  url: string | undefined;
  timeoutMs: number;
  resetMs: number;
  log: FastifyBaseLogger;
  onStateChange?: (name: ExternalServiceName, state: BreakerState) => void;
}

/**
 * An external HTTP service (`POST <url>` with a JSON body), called through an opossum circuit breaker:
 * each call has a timeout (the request is aborted, not left running), failures open the breaker, and
 * while it is open calls fail at once instead of waiting. An unconfigured service is skipped.
 */
export class ExternalService {
  readonly name: ExternalServiceName;
  private readonly breaker: CircuitBreaker<[unknown], number> | undefined;
  private readonly log: FastifyBaseLogger;

  constructor(options: ServiceOptions) {
    this.name = options.name;
    this.log = options.log;
    if (!options.url) {
      this.breaker = undefined;
      return;
    }
    const url = options.url;
    const timeoutMs = options.timeoutMs;
    const post = async (body: unknown): Promise<number> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      if (response.status >= 400 && response.status < 500) throw new ServiceRejection(this.name, response.status);
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.status;
    };
    this.breaker = new CircuitBreaker(post, {
      name: options.name,
      // The fetch is aborted at timeoutMs; the breaker's own timer is only a backstop.
      timeout: timeoutMs + 250,
      resetTimeout: options.resetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      rollingCountTimeout: 10_000,
      // A 4xx is the service working as intended: it must not open the breaker.
      errorFilter: (error: unknown) => error instanceof ServiceRejection,
    });
    const report = (state: BreakerState) => () => {
      this.log.warn({ service: this.name, state }, 'circuit breaker state changed');
      options.onStateChange?.(this.name, state);
    };
    this.breaker.on('open', report('open'));
    this.breaker.on('halfOpen', report('half-open'));
    this.breaker.on('close', report('closed'));
  }

  get configured(): boolean {
    return this.breaker !== undefined;
  }

  get state(): BreakerState {
    if (!this.breaker) return 'disabled';
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  /** Sends `body`; resolves when the service accepted it, or at once when it is not configured. */
  async call(body: unknown): Promise<CallOutcome> {
    if (!this.breaker) {
      this.log.info({ service: this.name }, 'service not configured; call skipped');
      return { kind: 'skipped' };
    }
    try {
      return { kind: 'delivered', status: await this.breaker.fire(body) };
    } catch (error) {
      if (error instanceof ServiceRejection) throw error;
      const reason = this.breaker.opened ? 'circuit open' : error instanceof Error ? error.message : 'failed';
      throw new ServiceUnavailableError(this.name, reason);
    }
  }

  shutdown(): void {
    this.breaker?.shutdown();
  }
}

export type ExternalServices = Record<ExternalServiceName, ExternalService>;

export function createExternalServices(
  config: { urls: Partial<Record<ExternalServiceName, string>>; timeoutMs: number; breakerResetMs: number },
  log: FastifyBaseLogger,
  onStateChange?: (name: ExternalServiceName, state: BreakerState) => void,
): ExternalServices {
  const make = (name: ExternalServiceName) =>
    new ExternalService({ name, url: config.urls[name], timeoutMs: config.timeoutMs, resetMs: config.breakerResetMs, log, onStateChange });
  return { payment: make('payment'), email: make('email'), sms: make('sms'), analytics: make('analytics') };
}
