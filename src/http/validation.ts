import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { ApiError } from '../errors.js';
import type { FieldError } from '../errors.js';

/** Keywords OpenAPI adds to JSON Schema that carry no validation meaning. */
const OPENAPI_ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'];

export function createAjv(options: { coerceTypes: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    strictTypes: false,
    coerceTypes: options.coerceTypes ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
  });
  addFormats.default(ajv);
  ajv.addVocabulary(OPENAPI_ANNOTATIONS);
  return ajv;
}

/**
 * Fastify's validator compiler on Ajv2020, so OpenAPI 3.1 schemas validate as written. Bodies are
 * validated without type coercion (a string is not a number); query, path and headers are coerced from text.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const bodyAjv = createAjv({ coerceTypes: false });
  const textAjv = createAjv({ coerceTypes: true });
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') return bodyAjv.compile(schema as object);
    return textAjv.compile(httpPart === 'headers' ? lowercaseHeaderSchema(schema as HeaderSchema) : (schema as object));
  };
}

interface HeaderSchema {
  properties?: Record<string, unknown>;
  required?: string[];
  [keyword: string]: unknown;
}

/**
 * Node lowercases incoming header names, and Fastify only does the same to the schema when it uses its
 * own validator compiler; with ours, `If-Match` in the spec must become `if-match` here.
 */
function lowercaseHeaderSchema(schema: HeaderSchema): HeaderSchema {
  return {
    ...schema,
    ...(schema.properties ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k.toLowerCase(), v])) } : {}),
    ...(schema.required ? { required: schema.required.map((name) => name.toLowerCase()) } : {}),
  };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: { required?: boolean } }>>;
}

/**
 * Fastify picks a body schema by Content-Type, so a request with no body and no Content-Type is never
 * validated; for operations whose spec says `requestBody.required`, that is a 400 here, before the handler.
 */
export function requireDocumentedBodies(app: FastifyInstance, spec: OpenApiDocument): void {
  const required = new Set(
    Object.values(spec.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => (operation.requestBody?.required && operation.operationId ? [operation.operationId] : [])),
    ),
  );
  app.addHook('onRoute', (route) => {
    const operationId = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (operationId === undefined || !required.has(operationId)) return;
    const hooks = [route.preValidation ?? []].flat();
    route.preValidation = [
      ...hooks,
      (request, _reply, done) => {
        if (request.body !== undefined) {
          done();
          return;
        }
        done(
          new ApiError(400, 'VALIDATION_ERROR', 'The request is invalid', {
            errors: [{ location: 'body', path: '', message: 'a JSON body is required' }],
          }),
        );
      },
    ];
  });
}

const LOCATIONS: Record<string, FieldError['location']> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

export function toFieldErrors(errors: ErrorObject[], context: string | undefined): FieldError[] {
  const location = LOCATIONS[context ?? 'body'] ?? 'body';
  return errors.map((error) => {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties') {
      const field = String(params.additionalProperty);
      return { location, path: `${error.instancePath}/${field}`, message: `unknown field '${field}'` };
    }
    if (error.keyword === 'required') {
      return { location, path: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
    }
    return { location, path: error.instancePath, message: error.message ?? 'is invalid' };
  });
}
