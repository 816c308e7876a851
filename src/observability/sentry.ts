import type { Config, NodeEnv } from '../config.js';

type SentrySdk = typeof import('@sentry/node');

/** Loaded only when SENTRY_DSN is set: the SDK and its instrumentation cost ~40 MB otherwise unused. */
let sentry: SentrySdk | undefined;

/** Starts Sentry for errors and (with a sample rate above 0) performance; call before the app loads. */
export async function initSentry(options: NonNullable<Config['sentry']>, environment: NodeEnv, release: string): Promise<void> {
  sentry = await import('@sentry/node');
  sentry.init({
    dsn: options.dsn,
    environment,
    release: `store-erp@${release}`,
    tracesSampleRate: options.tracesSampleRate,
    sendDefaultPii: false,
  });
}

/** Reports an unexpected (5xx) error with the request id that ties it to the logs. */
export function reportToSentry(error: unknown, requestId: string, route: string | undefined): void {
  if (!sentry?.isInitialized()) return;
  sentry.withScope((scope) => {
    scope.setTag('request_id', requestId);
    if (route) scope.setTag('route', route);
    sentry?.captureException(error);
  });
}

export function flushSentry(timeoutMs = 2000): Promise<boolean> {
  return sentry?.isInitialized() ? sentry.flush(timeoutMs) : Promise.resolve(true);
}
