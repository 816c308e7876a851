import type { FastifyInstance } from 'fastify';
import type { LogEvent } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExternalServiceName } from './config.js';
import type { BreakerState } from './external/service.js';

type RequestLabel = 'method' | 'route' | 'status';

interface RequestSeries {
  requests: Counter.Internal;
  duration: Histogram.Internal<RequestLabel>;
  errors: Counter.Internal;
}

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

  /**
   * The series of each method, route and status, looked up once: prom-client otherwise sorts and joins a
   * label object into its key on every call, three times per request.
   */
  private readonly requestSeries = new Map<string, RequestSeries>();
  private readonly queryOk = this.queryDuration.labels('ok');
  private readonly queryError = this.queryDuration.labels('error');

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Kysely's `log` hook: every query's duration. */
  readonly onQuery = (event: LogEvent): void => {
    (event.level === 'error' ? this.queryError : this.queryOk).observe(event.queryDurationMillis / 1000);
  };

  setBreakerState(service: ExternalServiceName, state: BreakerState): void {
    this.breakerState.set({ service }, BREAKER_VALUES[state]);
  }

  /** Bounded like the label sets themselves: methods the HTTP parser knows, route patterns, statuses. */
  private seriesOf(method: string, route: string, status: number): RequestSeries {
    const key = `${method} ${String(status)} ${route}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      const labels = [method, route, String(status)];
      series = { requests: this.requests.labels(...labels), duration: this.duration.labels(...labels), errors: this.errors.labels(...labels) };
      this.requestSeries.set(key, series);
    }
    return series;
  }

  /** Times every request by its route pattern (not its URL, so ids do not explode the label set). */
  instrument(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      const series = this.seriesOf(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
      series.requests.inc();
      series.duration.observe(reply.elapsedTime / 1000);
      if (reply.statusCode >= 500) series.errors.inc();
      done();
    });
  }
}
