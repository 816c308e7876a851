/**
 * Compile-time guarantees of the generated handler map, checked by `npm run typecheck`: each
 * `@ts-expect-error` must meet an error, so if the types ever stopped catching these, tsc fails.
 */
import type { OperationHandler, OperationHandlers } from '../../src/generated/operations.js';
import { success } from '../../src/http/envelope.js';

declare const handlers: OperationHandlers;

// @ts-expect-error an operation without a handler does not compile
export const missingOne: OperationHandlers = { ...handlers, getHealth: undefined };

// @ts-expect-error a status the operation does not document does not compile
export const wrongStatus: OperationHandler<'getHealth'> = () => Promise.resolve({ status: 201, body: success({ status: 'ok' as const, version: '1', uptime_seconds: 0 }) });

// @ts-expect-error a body that misses a required field does not compile
export const wrongBody: OperationHandler<'getHealth'> = () => Promise.resolve({ status: 200, body: success({ status: 'ok' as const, version: '1' }) });

export const fits: OperationHandler<'getHealth'> = () => Promise.resolve({ status: 200, body: success({ status: 'ok' as const, version: '1', uptime_seconds: 0 }) });
