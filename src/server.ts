import cluster, { type Worker } from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config.js';
import { flushSentry, initSentry } from './observability/sentry.js';
import { packageVersion } from './paths.js';

const SHUTDOWN_GRACE_MS = 10_000;
/** Set by the primary on the one worker that applies migrations. */
const MIGRATE_ENV = 'STORE_ERP_MIGRATE';
/** A worker that exits sooner than this after it was started is taken to have failed to start. */
const QUICK_EXIT_MS = 5000;
const MAX_RESTART_DELAY_MS = 30_000;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Resolves when `worker` listens; rejects if it exits first. */
function listening(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => {
      reject(new Error(`the first worker exited with ${String(code)} before it listened`));
    };
    worker.once('exit', onExit);
    worker.once('listening', () => {
      worker.off('exit', onExit);
      resolve();
    });
  });
}

/**
 * The primary of a cluster: keeps `workers` server processes on the shared port and replaces any that
 * dies. The first worker applies pending migrations and listens before the others start, so they never
 * race each other (SQLite has no migration lock across processes); the primary itself loads no
 * database or HTTP code and stays small.
 */
async function runPrimary(config: Config): Promise<void> {
  // Tokens signed by one worker must verify on every other: they share the secret the primary drew.
  const env: Record<string, string> = config.jwtSecretGenerated ? { JWT_SECRET: config.jwtSecret } : {};
  if (config.jwtSecretGenerated) console.warn('JWT_SECRET is not set: the workers share a random secret, so sessions end when the server restarts');
  let started = false;
  let stopping = false;
  const bornAt = new Map<number, number>();
  const fork = (extraEnv: Record<string, string> = {}) => {
    const worker = cluster.fork({ ...env, ...extraEnv });
    bornAt.set(worker.id, Date.now());
    return worker;
  };
  let quickExits = 0;
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  cluster.on('exit', (worker, code) => {
    const lived = Date.now() - (bornAt.get(worker.id) ?? 0);
    bornAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!started) return;
    // A worker that dies while starting (the database away, say) is restarted with a growing delay.
    quickExits = lived < QUICK_EXIT_MS ? quickExits + 1 : 0;
    const delay = quickExits === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (quickExits - 1));
    console.error(`worker ${String(worker.process.pid)} exited with ${String(code)}; starting another${delay > 0 ? ` in ${String(delay / 1000)} s` : ''}`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });
  try {
    await listening(fork({ [MIGRATE_ENV]: '1' }));
  } catch (error) {
    if (stopping) return;
    throw error;
  }
  if (stopping) return;
  started = true;
  for (let i = 1; i < config.workers; i += 1) fork();
}

/** One server process: builds the app, listens, and shuts down gracefully on SIGTERM. */
async function runServer(config: Config, migrate: boolean): Promise<void> {
  if (config.sentry) {
    await initSentry(config.sentry, config.nodeEnv, packageVersion());
  }
  // Loaded after Sentry starts, so that its instrumentation sees the HTTP and database modules.
  const { buildApp } = await import('./app.js');
  const app = await buildApp({ config, migrate });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests and the current delivery');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    app
      .close()
      .then(() => flushSentry())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'error while shutting down');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });

  await app.listen({ host: config.host, port: config.port });
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (config.workers > 1 && cluster.isPrimary) await runPrimary(config);
  else await runServer(config, config.workers === 1 || process.env[MIGRATE_ENV] === '1');
}

main().catch((error: unknown) => {
  console.error('Failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
