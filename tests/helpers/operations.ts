import type { HTTPMethods } from 'fastify';
import { spec } from './contract.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
  $ref?: string;
}
export interface SpecOperation {
  operationId: string;
  method: Uppercase<(typeof METHODS)[number]> & HTTPMethods;
  path: string;
  parameters: ParameterObject[];
  requestBodySchema: unknown;
  statuses: string[];
  roles: string[] | null;
}

interface RawOperation {
  operationId: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
type Components = Record<string, Record<string, unknown>>;

/** Follows a local `#/components/...` reference. */
export function resolveRef<T>(node: T | { $ref: string }): T {
  if (typeof node === 'object' && node !== null && '$ref' in node && typeof node.$ref === 'string') {
    const [, , section, name] = node.$ref.split('/');
    const components = (spec as unknown as { components: Components }).components;
    return resolveRef(components[section ?? '']?.[name ?? ''] as T | { $ref: string });
  }
  return node as T;
}

/** Every operation of openapi.yaml, with its parameters resolved. */
export const specOperations: SpecOperation[] = Object.entries(spec.paths).flatMap(([path, item]) => {
  const pathParameters = ((item as { parameters?: ParameterObject[] }).parameters ?? []).map((p) => resolveRef(p));
  return METHODS.filter((method) => method in item).map((method) => {
    const operation = (item as unknown as Record<string, RawOperation>)[method] as RawOperation;
    const security = (operation.security ?? []).filter((req) => Object.keys(req).length > 0);
    return {
      operationId: operation.operationId,
      method: method.toUpperCase() as Uppercase<typeof method>,
      path,
      parameters: [...pathParameters, ...(operation.parameters ?? []).map((p) => resolveRef(p))],
      requestBodySchema: operation.requestBody?.content?.['application/json']?.schema,
      statuses: Object.keys(operation.responses),
      roles: security.length === 0 ? null : [...new Set(security.flatMap((req) => Object.values(req).flat()))],
    };
  });
});

export function fillPath(path: string, values: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? 1));
}
