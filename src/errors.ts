import type { components } from './generated/openapi.js';

export type ErrorCode = components['schemas']['ErrorCode'];
export type ErrorDetails = components['schemas']['ErrorDetails'];
export type FieldError = components['schemas']['FieldError'];

/** The one error type handlers throw; the error handler turns it into the error envelope. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const unauthorized = (message = 'Authentication required', details: ErrorDetails = {}) =>
  new ApiError(401, 'UNAUTHORIZED', message, details);

export const forbidden = (message: string, details: ErrorDetails = {}) => new ApiError(403, 'FORBIDDEN', message, details);

export const notFound = (resource: string, id: number | string) =>
  new ApiError(404, 'NOT_FOUND', `${resource} ${String(id)} not found`);

export const conflict = (message: string, details: ErrorDetails = {}) => new ApiError(409, 'CONFLICT', message, details);

export const validationError = (errors: FieldError[], message = 'The request is invalid') =>
  new ApiError(400, 'VALIDATION_ERROR', message, { errors });

export const preconditionFailed = (currentEtag: string) =>
  new ApiError(412, 'PRECONDITION_FAILED', 'The resource has changed since it was read', { current_etag: currentEtag });

export const serviceUnavailable = (message = 'The database is unavailable; try again shortly') =>
  new ApiError(503, 'SERVICE_UNAVAILABLE', message);
