import type { FastifyInstance } from 'fastify';
import type { LogEvent } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExternalServiceName } from './config.js';
import type { BreakerState } from './external/service.js';

const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, disabled: -1 };

/** The service's Prometheus metrics, in a registry of its own (so several apps can live in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly errors = new Counter({ name: 'http_request_errors_total', help: 'HTTP responses with a 5xx status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly queryDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database query duration',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly activeUsers = new Gauge({ name: 'active_users', help: 'Users with a live session', registers: [this.registry] });
  readonly breakerState = new Gauge({
    name: 'circuit_breaker_state',
    help: 'External service breaker: 0 closed, 1 half-open, 2 open, -1 not configured',
    labelNames: ['service'],
    registers: [this.registry],
  });
  readonly outboxBacklog = new Gauge({ name: 'outbox_backlog', help: 'Notifications not yet delivered', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Kysely's `log` hook: every query's duration. */
  readonly onQuery = (event: LogEvent): void => {
    this.queryDuration.observe({ outcome: event.level === 'error' ? 'error' : 'ok' }, event.queryDurationMillis / 1000);
  };

  setBreakerState(service: ExternalServiceName, state: BreakerState): void {
    this.breakerState.set({ service }, BREAKER_VALUES[state]);
  }

  /** Times every request by its route pattern (not its URL, so ids do not explode the label set). */
  instrument(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      this.requests.inc(labels);
      this.duration.observe(labels, reply.elapsedTime / 1000);
      if (reply.statusCode >= 500) this.errors.inc(labels);
      done();
    });
  }
}
