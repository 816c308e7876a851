import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { translateDatabaseError } from '../database/errors.js';
import { NotThisScheme } from '../auth/security.js';
import { ApiError, unauthorized } from '../errors.js';
import { reportToSentry } from '../observability/sentry.js';
import { toFieldErrors } from './validation.js';

interface GlueSecurityError extends Error {
  errors: unknown[];
}

function isSecurityError(error: unknown): error is GlueSecurityError {
  return error instanceof Error && Array.isArray((error as Partial<GlueSecurityError>).errors) && !('validation' in error);
}

/**
 * Of the failures of each security scheme, the one that says most: a failure that was not an
 * authentication decision (the session store is down) keeps its own meaning; then a 403 beats a 401.
 */
function pickSecurityFailure(error: GlueSecurityError, bodyLimitBytes: number): ApiError {
  const unexpected = error.errors.find((e) => !(e instanceof ApiError) && !(e instanceof NotThisScheme));
  if (unexpected !== undefined) return toApiError(unexpected, bodyLimitBytes);
  const failures = error.errors.filter((e): e is ApiError => e instanceof ApiError);
  return failures.find((e) => e.statusCode === 403) ?? failures[0] ?? unauthorized();
}

/** Maps any error to an ApiError. Unknown errors become a bare 500 that reveals nothing. */
export function toApiError(error: unknown, bodyLimitBytes: number): ApiError {
  if (error instanceof ApiError) return error;
  if (isSecurityError(error)) return pickSecurityFailure(error, bodyLimitBytes);
  const databaseError = translateDatabaseError(error);
  if (databaseError) return databaseError;

  const fastifyError = error as Partial<FastifyError> & { validation?: ErrorObject[] };
  if (fastifyError.validation) {
    return new ApiError(400, 'VALIDATION_ERROR', 'The request is invalid', {
      errors: toFieldErrors(fastifyError.validation, fastifyError.validationContext),
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${bodyLimitBytes} bytes`, {
        limit_bytes: bodyLimitBytes,
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'VALIDATION_ERROR', 'The JSON body is empty', {
        errors: [{ location: 'body', path: '', message: 'body must not be empty when Content-Type is application/json' }],
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'VALIDATION_ERROR', 'The body is not valid JSON', {
        errors: [{ location: 'body', path: '', message: 'malformed JSON' }],
      });
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new ApiError(400, 'VALIDATION_ERROR', 'The body is not valid JSON', {
      errors: [{ location: 'body', path: '', message: 'malformed JSON' }],
    });
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 404) return new ApiError(404, 'NOT_FOUND', 'Not found');
  if (status >= 400 && status < 500) return new ApiError(400, 'VALIDATION_ERROR', 'The request is invalid');
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal server error');
}

/** A log-safe summary of an error: its kind and code, never driver text that might hold SQL or values. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const fromDriver = translateDatabaseError(error) !== undefined || typeof code === 'string' && /^[0-9A-Z]{5}$|^SQLITE_/.test(code);
  return { type: error.name, code, message: fromDriver ? undefined : error.message.slice(0, 300) };
}

export function createErrorHandler(bodyLimitBytes: number) {
  return function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const apiError = toApiError(error, bodyLimitBytes);
    const details = apiError.statusCode >= 500 && apiError.code === 'INTERNAL_ERROR' ? { request_id: request.id } : apiError.details;
    if (apiError.statusCode >= 500) {
      request.log.error({ err: describeError(error), user_id: request.principal?.userId }, 'request failed');
      if (apiError.code === 'INTERNAL_ERROR') reportToSentry(error, request.id, request.routeOptions.url);
    }
    else request.log.info({ code: apiError.code, status: apiError.statusCode, user_id: request.principal?.userId }, apiError.message);
    if (apiError.code === 'RATE_LIMITED' || apiError.code === 'SERVICE_UNAVAILABLE') {
      const retryAfter = apiError.details.retry_after_seconds;
      reply.header('retry-after', typeof retryAfter === 'number' ? String(retryAfter) : '5');
    }
    return reply.code(apiError.statusCode).send({
      success: false,
      error: { code: apiError.code, message: apiError.message, details },
      timestamp: new Date().toISOString(),
    });
  };
}
