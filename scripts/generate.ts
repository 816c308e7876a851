/**
 * Generates src/generated/ from openapi.yaml: the API's TypeScript types (openapi-typescript) and the
 * operation table with its typed handler map. `--check` fails instead of writing when a file is stale.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const specPath = `${root}openapi.yaml`;
export const generatedDir = `${root}src/generated/`;

const HEADER = '// Generated from openapi.yaml by `npm run generate` — do not edit.\n';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}

interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  roles: string[] | null;
  successStatuses: number[];
}

function collectOperations(spec: { paths?: Record<string, Record<string, unknown>> }): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const security = operation.security ?? [];
      const roles = security.length === 0 ? null : [...new Set(security.flatMap((req) => Object.values(req).flat()))];
      const successStatuses = Object.keys(operation.responses ?? {})
        .filter((status) => /^2\d\d$/.test(status))
        .map(Number);
      entries.push({ operationId: operation.operationId, method: method.toUpperCase(), path, roles, successStatuses });
    }
  }
  return entries.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

function renderOperations(entries: OperationEntry[]): string {
  const table = entries
    .map((e) => {
      const roles = e.roles === null ? 'null' : `[${e.roles.map((r) => `'${r}'`).join(', ')}]`;
      return `  ${e.operationId}: { method: '${e.method}', path: '${e.path}', roles: ${roles} },`;
    })
    .join('\n');
  const handlerLines = entries.map((e) => `  ${e.operationId}: OperationHandler<'${e.operationId}'>;`).join('\n');
  return `${HEADER}
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { operations } from './openapi.js';

export type OperationId = keyof operations;

/** Every operation in the spec: its route and the roles its security requirement allows (null: public). */
export const operationTable = {
${table}
} as const satisfies Record<OperationId, { method: string; path: string; roles: readonly string[] | null }>;

type Operation<K extends OperationId> = operations[K];
type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : undefined;
type Part<T, Key extends string> = T extends { parameters: infer P }
  ? Key extends keyof P
    ? [NonNullable<P[Key]>] extends [never] ? Record<string, never> : NonNullable<P[Key]>
    : Record<string, never>
  : Record<string, never>;
type RequestBody<T> = T extends { requestBody?: infer B }
  ? [NonNullable<B>] extends [never]
    ? undefined
    : JsonContent<NonNullable<B>> | (undefined extends B ? undefined : never)
  : undefined;
type SuccessStatus = 200 | 201 | 202 | 204;

/** The request a handler receives, typed from the operation's parameters and request body. */
export type OperationRequest<K extends OperationId> = FastifyRequest<{
  Params: Part<Operation<K>, 'path'>;
  Querystring: Part<Operation<K>, 'query'>;
  Body: RequestBody<Operation<K>>;
}>;

/** What a handler returns: one of the operation's documented success statuses with its body. */
export type OperationResult<K extends OperationId> = {
  [S in Extract<keyof Operation<K>['responses'], SuccessStatus>]: {
    status: S;
    body: JsonContent<Operation<K>['responses'][S]> extends undefined
      ? Operation<K>['responses'][S] extends { content: Record<string, infer Raw> } ? Raw : undefined
      : JsonContent<Operation<K>['responses'][S]>;
    headers?: Record<string, string>;
  };
}[Extract<keyof Operation<K>['responses'], SuccessStatus>];

export type OperationHandler<K extends OperationId> = (
  request: OperationRequest<K>,
  reply: FastifyReply,
) => Promise<OperationResult<K>>;

/** One handler per operation: a missing one, or one whose result does not fit the spec, fails to compile. */
export interface OperationHandlers {
${handlerLines}
}
`;
}

export async function renderGeneratedFiles(): Promise<Record<string, string>> {
  const specText = await readFile(specPath, 'utf8');
  const spec = parse(specText) as { paths?: Record<string, Record<string, unknown>> };
  // defaultNonNullable: false keeps request fields that have a default optional for clients.
  const ast = await openapiTS(specText, { alphabetize: true, defaultNonNullable: false });
  return {
    'openapi.ts': `${HEADER}/* eslint-disable */\n${astToString(ast)}`,
    'operations.ts': renderOperations(collectOperations(spec)),
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await renderGeneratedFiles();
  const stale: string[] = [];
  await mkdir(generatedDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const path = `${generatedDir}${name}`;
    const current = await readFile(path, 'utf8').catch(() => '');
    if (current === content) continue;
    if (check) stale.push(name);
    else await writeFile(path, content);
  }
  if (stale.length > 0) {
    console.error(`Stale generated files: ${stale.join(', ')}. Run \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
  console.log(check ? 'Generated files are up to date.' : `Generated ${Object.keys(files).join(', ')} in src/generated/`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
