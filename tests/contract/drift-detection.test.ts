/**
 * The drift checks themselves: each kind of drift must be caught and reported with the operation's name,
 * both before serialization (where fast-json-stringify would hide it) and on the wire.
 */
import Fastify from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import { describe, expect, it } from 'vitest';
import { validateResponsesBeforeSerialization, type ResponseViolation } from '../../src/http/response-validation.js';
import { createValidatorCompiler } from '../../src/http/validation.js';
import { contractViolations } from '../helpers/contract.js';

const miniSpec = {
  openapi: '3.1.0',
  info: { title: 'mini', version: '1.0.0' },
  paths: {
    '/thing': {
      get: {
        operationId: 'getThing',
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
};

async function serve(handler: () => { status: number; body: unknown }): Promise<{ violations: ResponseViolation[]; statusCode: number; body: string }> {
  const app = Fastify();
  app.setValidatorCompiler(createValidatorCompiler());
  const violations: ResponseViolation[] = [];
  validateResponsesBeforeSerialization(app, (v) => violations.push(v));
  await app.register(openapiGlue, {
    specification: miniSpec,
    serviceHandlers: {
      getThing: async (_req: unknown, reply: { code: (n: number) => void }) => {
        const result = handler();
        reply.code(result.status);
        return Promise.resolve(result.body);
      },
    },
  });
  const res = await app.inject({ method: 'GET', url: '/thing' });
  await app.close();
  return { violations, statusCode: res.statusCode, body: res.body };
}

describe('drift caught before serialization', () => {
  it('catches an undocumented field that the serializer would silently drop', async () => {
    const result = await serve(() => ({ status: 200, body: { id: 1, name: 'x', secret: 'hash' } }));
    expect(result.body).not.toContain('secret');
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({ operationId: 'getThing', status: 200 });
    expect(result.violations[0]?.problems.join()).toContain('additionalProperty');
  });

  it('catches a missing field', async () => {
    const result = await serve(() => ({ status: 200, body: { id: 1 } }));
    expect(result.violations[0]?.operationId).toBe('getThing');
    expect(result.violations[0]?.problems.join()).toContain("must have required property 'name'");
  });

  it('catches a type the serializer would coerce', async () => {
    const result = await serve(() => ({ status: 200, body: { id: '7', name: 'x' } }));
    expect(result.body).toContain('"id":7');
    expect(result.violations[0]?.problems.join()).toContain('must be integer');
  });

  it('catches an undocumented status', async () => {
    const result = await serve(() => ({ status: 202, body: { id: 1, name: 'x' } }));
    expect(result.violations).toEqual([{ operationId: 'getThing', method: 'GET', url: '/thing', status: 202, problems: ['status 202 is not documented'] }]);
  });

  it('stays quiet when the response matches', async () => {
    expect((await serve(() => ({ status: 200, body: { id: 1, name: 'x' } }))).violations).toEqual([]);
  });
});

describe('drift caught on the wire against openapi.yaml', () => {
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  const health = { success: true, data: { status: 'ok', version: '1.0.0', uptime_seconds: 3 }, message: 'OK', timestamp: '2026-11-05T12:00:00.000Z' };

  it('names the operation for a removed field, an added field, an undocumented status and an unknown route', () => {
    const withoutUptime = { status: health.data.status, version: health.data.version };
    expect(contractViolations('GET', '/api/health', { statusCode: 200, headers, body: JSON.stringify({ ...health, data: withoutUptime }) })[0]).toMatch(
      /^getHealth \(GET \/api\/health\) 200 body\/data must have required property 'uptime_seconds'/,
    );
    expect(contractViolations('GET', '/api/health', { statusCode: 200, headers, body: JSON.stringify({ ...health, extra: 1 }) })[0]).toMatch(
      /^getHealth .* must NOT have additional properties/,
    );
    expect(contractViolations('GET', '/api/health', { statusCode: 404, headers, body: '{}' })[0]).toMatch(/^getHealth \(GET \/api\/health\) returned undocumented status 404/);
    expect(contractViolations('GET', '/api/health/live', { statusCode: 200, headers, body: '{}' })).toEqual(['GET /api/health/live is not an operation in openapi.yaml']);
    expect(contractViolations('GET', '/api/health', { statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<p>' })[0]).toMatch(/sent content type 'text\/html'/);
  });
});
