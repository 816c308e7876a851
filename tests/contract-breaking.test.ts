import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBreakingChanges } from '../scripts/contract-breaking.js';
import { projectRoot } from '../src/paths.js';

const fixture = (name: string) => join(projectRoot, 'tests/fixtures/breaking', `${name}.yaml`);
const compare = (name: string) => findBreakingChanges(fixture('base'), fixture(name));

describe('npm run contract:breaking', () => {
  it.each([
    ['removed-operation', /Operation `POST \/items` was removed/],
    ['removed-response-field', /Property `name` of `Item` was removed/],
    ['removed-enum-value', /Enum value\(s\) "done" removed/],
    ['required-request-field', /became required: `note`/],
    ['required-parameter', /`verbose` query parameter became required/],
    ['narrowed-type', /Type narrowed from "number" to "integer"/],
    ['changed-status', /Response `201` became `200`/],
  ])('flags %s as breaking', async (name, message) => {
    const report = await compare(name);
    expect(report.majorBumped).toBe(false);
    expect(report.breaking.join('\n')).toMatch(message);
  });

  it('lets additive changes through: new operation, optional request field, optional parameter, response field', async () => {
    const report = await compare('additive');
    expect(report.breaking).toEqual([]);
  });

  it('lets a request type widen (accepting null as well)', async () => {
    expect((await compare('widened-request-type')).breaking).toEqual([]);
  });

  it('allows breaking changes with a new major info.version', async () => {
    const report = await compare('breaking-with-major-bump');
    expect(report.breaking.length).toBeGreaterThanOrEqual(2);
    expect(report.majorBumped).toBe(true);
  });

  it('finds nothing between a spec and itself', async () => {
    const report = await findBreakingChanges(join(projectRoot, 'openapi.yaml'), join(projectRoot, 'openapi.yaml'));
    expect(report.breaking).toEqual([]);
  });
});
