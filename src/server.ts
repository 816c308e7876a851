import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config.js';
import { flushSentry, initSentry } from './observability/sentry.js';
import { packageVersion } from './paths.js';

const SHUTDOWN_GRACE_MS = 10_000;

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

/** The primary of a cluster: migrates once, then keeps `workers` server processes on the shared port. */
async function runPrimary(config: Config): Promise<void> {
  const { connectDatabase } = await import('./database/connection.js');
  const { migrateToLatest } = await import('./database/migrate.js');
  const database = connectDatabase(config.database);
  try {
    await migrateToLatest(database.db, database.schema);
  } finally {
    await database.destroy();
  }
  let stopping = false;
  for (let i = 0; i < config.workers; i += 1) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`worker ${String(worker.process.pid)} exited with ${String(code)}; starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
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
  else await runServer(config, config.workers === 1);
}

main().catch((error: unknown) => {
  console.error('Failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
