import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generatedDir, renderGeneratedFiles } from '../scripts/generate.js';
import { operationTable } from '../src/generated/operations.js';
import { createHandlers } from '../src/handlers/index.js';
import { spec } from './helpers/contract.js';

describe('src/generated', () => {
  it('is what `npm run generate` makes from openapi.yaml today (run it and commit if this fails)', async () => {
    const files = await renderGeneratedFiles();
    for (const [name, content] of Object.entries(files)) {
      expect(await readFile(`${generatedDir}${name}`, 'utf8'), `src/generated/${name} is stale`).toBe(content);
    }
  });

  it('lists every operation of the spec with its roles', () => {
    const methods = ['get', 'put', 'post', 'delete', 'patch'];
    const fromSpec = Object.values(spec.paths).flatMap((item) => Object.entries(item).filter(([m]) => methods.includes(m)).map(([, op]) => op.operationId));
    expect(Object.keys(operationTable).sort()).toEqual(fromSpec.sort());
    expect(operationTable.deleteUser.roles).toEqual(['admin']);
    expect(operationTable.register.roles).toBeNull();
  });

  it('has exactly one handler per operation', () => {
    const handlers = createHandlers({} as Parameters<typeof createHandlers>[0]);
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(operationTable).sort());
  });
});
