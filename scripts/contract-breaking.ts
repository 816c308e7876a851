/**
 * `npm run contract:breaking -- <git-ref>`: fails when openapi.yaml breaks API consumers compared with
 * the spec at <git-ref> (default HEAD~1), unless info.version has a new major number.
 *
 * Redocly's diff (which understands OpenAPI 3.1) rates each change; everything it rates `major` is
 * breaking: a removed operation, response or response field, a newly required request field or
 * parameter, a changed status code, a widened response type. On top of it, our own rules also treat
 * as breaking what it rates lower: a removed enum value and a narrowed type.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const redocly = join(root, 'node_modules/.bin/redocly');

interface Located {
  pointer?: string;
  value?: unknown;
}
interface DiffChange {
  path: string;
  kind: 'added' | 'removed' | 'modified';
  impact: 'major' | 'minor' | 'patch';
  property?: string;
  verdicts: { ruleId: string; message: string }[];
  base?: Located;
  revision?: Located;
}
interface DiffReport {
  infoVersions: { base: string; revision: string };
  changes: DiffChange[];
}

export interface BreakingReport {
  breaking: string[];
  baseVersion: string;
  revisionVersion: string;
  /** The new version's major number is higher, so breaking changes are allowed. */
  majorBumped: boolean;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Types a schema's `type` accepts, with integer counted as a kind of number. */
function accepts(types: unknown[], type: unknown): boolean {
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function ownRules(change: DiffChange): string | undefined {
  if (change.kind !== 'modified') return undefined;
  const before = asList(change.base?.value);
  const after = asList(change.revision?.value);
  if (change.property === 'enum') {
    const removed = before.filter((value) => !after.includes(value));
    if (removed.length > 0) return `Enum value(s) ${removed.map((v) => JSON.stringify(v)).join(', ')} removed at ${change.path}`;
  }
  if (change.property === 'type') {
    const lost = before.filter((type) => !accepts(after, type));
    if (lost.length > 0) return `Type narrowed from ${JSON.stringify(change.base?.value)} to ${JSON.stringify(change.revision?.value)} at ${change.path}`;
  }
  return undefined;
}

const majorOf = (version: string): number => Number(/^(\d+)/.exec(version)?.[1] ?? '0');

export async function findBreakingChanges(basePath: string, revisionPath: string): Promise<BreakingReport> {
  const dir = await mkdtemp(join(tmpdir(), 'contract-diff-'));
  try {
    const output = join(dir, 'diff.json');
    await run(redocly, ['diff', basePath, revisionPath, '--format', 'json', '--output', output, '--fail-on', 'none'], { cwd: root });
    const report = JSON.parse(await readFile(output, 'utf8')) as DiffReport;
    const breaking = new Set<string>();
    for (const change of report.changes) {
      if (change.impact === 'major') {
        for (const verdict of change.verdicts) breaking.add(verdict.message);
        if (change.verdicts.length === 0) breaking.add(`${change.kind} ${change.property ?? ''} at ${change.path}`.replace(/ +/g, ' '));
      }
      const own = ownRules(change);
      if (own) breaking.add(own);
    }
    const { base, revision } = report.infoVersions;
    return { breaking: [...breaking], baseVersion: base, revisionVersion: revision, majorBumped: majorOf(revision) > majorOf(base) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function specAt(ref: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['show', `${ref}:openapi.yaml`], { cwd: root, maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const ref = process.argv[2] ?? 'HEAD~1';
  const previous = await specAt(ref);
  if (previous === undefined) {
    console.log(`No openapi.yaml at ${ref}; nothing to compare.`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'contract-base-'));
  try {
    const basePath = join(dir, 'openapi.yaml');
    await writeFile(basePath, previous);
    const report = await findBreakingChanges(basePath, join(root, 'openapi.yaml'));
    if (report.breaking.length === 0) {
      console.log(`No breaking changes against ${ref} (${report.baseVersion} → ${report.revisionVersion}).`);
      return;
    }
    const list = report.breaking.map((line) => `  - ${line}`).join('\n');
    if (report.majorBumped) {
      console.log(`Breaking changes against ${ref}, allowed by the major version bump ${report.baseVersion} → ${report.revisionVersion}:\n${list}`);
      return;
    }
    console.error(`Breaking changes against ${ref} without a new major info.version (${report.baseVersion} → ${report.revisionVersion}):\n${list}`);
    process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
