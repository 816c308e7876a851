import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { specPath } from '../../src/paths.js';

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}
interface OperationObject {
  operationId: string;
  responses: Record<string, ResponseObject>;
}
type PathItem = Record<string, OperationObject>;
interface Spec {
  paths: Record<string, PathItem>;
  components: { responses: Record<string, ResponseObject> };
}

export const spec = parse(readFileSync(specPath, 'utf8')) as Spec;
const SPEC_ID = 'urn:store-erp:openapi';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, SPEC_ID);

const escapePointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

interface Route {
  method: string;
  template: string;
  matcher: RegExp;
  operation: OperationObject;
}

const routes: Route[] = Object.entries(spec.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      matcher: new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      operation,
    })),
);

export function findOperation(method: string, url: string): Route | undefined {
  const path = url.split('?')[0] ?? url;
  return routes.find((r) => r.method === method.toUpperCase() && r.matcher.test(path));
}

const validators = new Map<string, ValidateFunction>();

function schemaValidator(route: Route, status: string, contentType: string): ValidateFunction | undefined {
  const key = `${route.operation.operationId} ${status} ${contentType}`;
  const cached = validators.get(key);
  if (cached) return cached;
  let pointer = `#/paths/${escapePointer(route.template)}/${route.method.toLowerCase()}/responses/${status}`;
  let response = route.operation.responses[status];
  if (response?.$ref) {
    pointer = response.$ref;
    response = spec.components.responses[response.$ref.split('/').pop() ?? ''];
  }
  if (!response?.content?.[contentType]?.schema) return undefined;
  const validate = ajv.compile({ $ref: `${SPEC_ID}${pointer}/content/${escapePointer(contentType)}/schema` });
  validators.set(key, validate);
  return validate;
}

export interface WireResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * Checks a live response against openapi.yaml: the status is documented for the operation, the
 * content type is documented for that status, and the body as sent validates against its schema.
 * Returns a list of problems, each naming the operation; empty when the response matches.
 */
export function contractViolations(method: string, url: string, response: WireResponse): string[] {
  const route = findOperation(method, url);
  if (!route) return [`${method} ${url} is not an operation in openapi.yaml`];
  const name = `${route.operation.operationId} (${method} ${route.template})`;
  const status = String(response.statusCode);
  const documented = route.operation.responses[status];
  if (!documented) return [`${name} returned undocumented status ${status}: ${response.body.slice(0, 300)}`];
  const resolved = documented.$ref ? spec.components.responses[documented.$ref.split('/').pop() ?? ''] : documented;
  const declaredTypes = Object.keys(resolved?.content ?? {});
  if (declaredTypes.length === 0) return response.body === '' ? [] : [`${name} ${status} has a body but documents none`];
  const header = response.headers['content-type'];
  const contentType = (typeof header === 'string' ? header : '').split(';')[0]?.trim() ?? '';
  if (!declaredTypes.includes(contentType)) return [`${name} ${status} sent content type '${contentType}', documented: ${declaredTypes.join(', ')}`];
  const validate = schemaValidator(route, status, contentType);
  if (!validate) return [];
  let body: unknown = response.body;
  if (contentType === 'application/json') {
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`${name} ${status} sent a body that is not JSON`];
    }
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${name} ${status} body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}
