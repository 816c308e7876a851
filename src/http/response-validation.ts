import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

export interface ResponseViolation {
  operationId: string;
  method: string;
  url: string;
  status: number;
  problems: string[];
}

interface ResponseSchemas {
  [status: string]: { content?: Record<string, { schema?: object }> } | undefined;
}

/**
 * Validates every JSON payload a handler produces against its documented response schema *before*
 * fast-json-stringify serializes it: the serializer silently drops undocumented fields and coerces
 * types, so only the payload itself shows such drift. Meant for tests and staging, not the hot path.
 */
export function validateResponsesBeforeSerialization(app: FastifyInstance, report: (violation: ResponseViolation) => void): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { operationId?: string; response?: ResponseSchemas } | undefined;
    if (!schema?.response || !schema.operationId) return;
    const { operationId, response } = schema;
    const validators = new Map<number, ValidateFunction | null>();
    const validatorFor = (status: number): ValidateFunction | null => {
      if (!validators.has(status)) {
        const body = response[String(status)]?.content?.['application/json']?.schema;
        // A fresh Ajv per schema: glue gives every route schema the same $id.
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        addFormats.default(ajv);
        validators.set(status, body ? ajv.compile(body) : null);
      }
      return validators.get(status) ?? null;
    };
    const hooks = Array.isArray(route.preSerialization) ? route.preSerialization : route.preSerialization ? [route.preSerialization] : [];
    route.preSerialization = [
      ...hooks,
      async (request, reply, payload) => {
        const status = reply.statusCode;
        const validate = response[String(status)] ? validatorFor(status) : undefined;
        const problems =
          validate === undefined
            ? [`status ${status} is not documented`]
            : validate === null || validate(payload)
              ? []
              : (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
        if (problems.length > 0) report({ operationId, method: request.method, url: request.url, status, problems });
        return payload;
      },
    ];
  });
}
