import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../src/paths.js';

const tsxLoader = pathToFileURL(join(projectRoot, 'node_modules/tsx/dist/loader.mjs')).href;

export interface RunningScript {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs one of the project's TypeScript entry points as a real process, as `npm start` would. */
export function runScript(script: string, args: string[], options: { env: Record<string, string>; cwd?: string; input?: string }): RunningScript {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(projectRoot, script), ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(options.input ?? '');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); }));
  return { child, output: () => output, exited };
}

/** Waits until the server logs the address it listens on. */
export async function waitForListening(run: RunningScript, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output());
    if (match?.[1]) return match[1];
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start:\n${run.output()}`);
}
