import * as Sentry from '@sentry/node';
import type { Config, NodeEnv } from '../config.js';

/** Starts Sentry for errors and (with a sample rate above 0) performance; call before the app loads. */
export function initSentry(sentry: NonNullable<Config['sentry']>, environment: NodeEnv, release: string): void {
  Sentry.init({
    dsn: sentry.dsn,
    environment,
    release: `store-erp@${release}`,
    tracesSampleRate: sentry.tracesSampleRate,
    sendDefaultPii: false,
  });
}

/** Reports an unexpected (5xx) error with the request id that ties it to the logs. */
export function reportToSentry(error: unknown, requestId: string, route: string | undefined): void {
  if (!Sentry.isInitialized()) return;
  Sentry.withScope((scope) => {
    scope.setTag('request_id', requestId);
    if (route) scope.setTag('route', route);
    Sentry.captureException(error);
  });
}

export function flushSentry(timeoutMs = 2000): Promise<boolean> {
  return Sentry.isInitialized() ? Sentry.flush(timeoutMs) : Promise.resolve(true);
}
