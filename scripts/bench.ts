/**
 * `npm run bench [-- --sqlite] [--scale 1] [--duration 5] [--rounds 5] [--connections 32] [--workers n] [--pool n] [--node-options=flags] [--reuse] [--plans] [--only text] [--profile] [--no-floor]`
 *
 * Builds the server and runs it in production mode against a freshly loaded data set, drives each
 * scenario with autocannon, then replays the very SQL statements that scenario's handler ran with a bare
 * driver, at the same concurrency and through as many database connections as the server has: the ratio
 * of the two is what the API costs on top of the database. Between the two, the floor (a bare Fastify
 * route replaying the same statements, scripts/bench/floor-server.ts) shows how much of that is serving
 * HTTP from Node at all, and the CPU each party spent per request shows where the time went.
 * The two alternate for several rounds and the round with the median ratio is reported, so that a
 * machine whose speed drifts (shared cores) moves both sides of a ratio alike. Strictly alternate: two API
 * phases back to back would hand the second one the first one's unfinished work (32 logins still hashing).
 * Prints the table, the targets (met or not), the statements used and their query plans.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, type DatabaseHandle } from '../src/database/connection.js';
import { migrateToLatest } from '../src/database/migrate.js';
import { cpuMark, cpuPerRequest, postmasterOf, type CpuMark, type CpuPerRequest } from './bench/cpu.js';
import { BENCH_PASSWORD, dataSize, ensureSessionHistory, loadBenchData, markBacklogDelivered, type LoadedData } from './bench/load.js';
import { sampleMemory, type MemoryReport } from './bench/memory.js';
import { percentile, replayOnPostgres, replayOnSqlite, type RunStats, type Statement, type StatementSample } from './bench/raw-sql.js';
import { scenarios, type BenchRequest, type Scenario, type ScenarioContext } from './bench/scenarios.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    sqlite: { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    reuse: { type: 'boolean', default: false },
    plans: { type: 'boolean', default: false },
    workers: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    floor: { type: 'boolean', default: true },
    'node-options': { type: 'string' },
    pool: { type: 'string' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/store_erp_bench' },
  },
  allowNegative: true,
});
const dialect = flags.sqlite ? 'sqlite' : 'postgres';
/**
 * One server process by default: on this two-core machine PostgreSQL and the load generator need the
 * other core, and a second worker doubles memory (see the README for `--workers 2`).
 */
const workers = flags.workers ?? '1';
/** The server's own DATABASE_POOL_MAX unless --pool overrides it. */
const poolEnv: Record<string, string> = flags.pool === undefined ? {} : { DATABASE_POOL_MAX: flags.pool };
const scale = Number(flags.scale);
const durationMs = Number(flags.duration) * 1000;
const rounds = Number(flags.rounds);
const connections = Number(flags.connections);
const numericFlags = [['--workers', Number(workers)], ...(flags.pool === undefined ? [] : [['--pool', Number(flags.pool)] as const]), ['--rounds', rounds], ['--duration', durationMs], ['--connections', connections], ['--scale', scale]] as const;
for (const [flag, value] of numericFlags) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number`);
}
const log = (message: string) => {
  console.log(message);
};

const profileDir = join(tmpdir(), 'store-erp-bench-profiles');
const selectedScenarios = scenarios.filter((scenario) => flags.only === undefined || scenario.name.toLowerCase().includes(flags.only.toLowerCase()));
if (selectedScenarios.length === 0) throw new Error(`--only ${flags.only ?? ''} matches no scenario: ${scenarios.map((s) => s.name).join('; ')}`);

const WARM_UP_MS = 2000;
const TARGETS = { readRatio: 0.5, writeRatio: 0.6, readP99Ms: 50, memoryMb: 300 };
/** Shared by the server and the in-process probe, so tokens from one verify in the other. */
const JWT_SECRET = randomBytes(32).toString('hex');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function prepareDatabase(url: string, sqliteFile: string): Promise<{ databaseUrl: string; data: LoadedData }> {
  const size = dataSize(scale);
  const databaseUrl = dialect === 'postgres' ? url : sqliteFile;
  if (dialect === 'postgres') {
    const target = new URL(url);
    const name = target.pathname.slice(1);
    const maintenance = new URL(url);
    maintenance.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: maintenance.toString() });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (!flags.reuse || !exists) {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.query(`create database "${name}"`);
    }
    await admin.end();
  } else if (!flags.reuse) {
    rmSync(sqliteFile, { force: true });
  }
  const handle = connectDatabase(dialect === 'postgres' ? { dialect, connectionString: databaseUrl, poolMax: 10 } : { dialect, filename: databaseUrl });
  try {
    await migrateToLatest(handle.db, handle.schema);
    const existing = await handle.db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (!flags.reuse || existing.n !== size.products) {
      log(`Loading ${size.products} products, ${size.categories} categories, ${size.users} users, ${size.orders} orders (${dialect})…`);
      const started = Date.now();
      await loadBenchData(handle.db, handle.dialect, size, { bcryptCost: 12, concurrency: 8, log });
      log(`  loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } else {
      const added = await ensureSessionHistory(handle.db);
      if (added > 0) log(`Added a session history to the reused data set: ${added} sessions`);
      const settled = await markBacklogDelivered(handle.db);
      if (settled > 0) log(`Marked ${settled} notifications left pending by an earlier run delivered`);
    }
    if (dialect === 'postgres') {
      // Steady state, as autovacuum keeps it: no dead tuples from the load, fresh statistics.
      log('Vacuuming and analysing…');
      await sql`vacuum (analyze)`.execute(handle.db);
    }
    return { databaseUrl, data: await readData(handle) };
  } finally {
    await handle.destroy();
  }
}

async function readData(handle: DatabaseHandle): Promise<LoadedData> {
  const categories = await handle.db.selectFrom('categories').select('id').where('parent_id', 'is not', null).execute();
  const products = await handle.db.selectFrom('products').select('id').execute();
  const users = await handle.db.selectFrom('users').select('id').where('role', '=', 'user').orderBy('id').execute();
  return { categoryIds: categories.map((c) => c.id), productIds: products.map((p) => p.id), userIds: users.map((u) => u.id) };
}

interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns `script` with `env` and waits until `readyPath` answers 200. */
async function spawnAndWait(script: string, nodeArgs: string[], env: Record<string, string>, readyPath: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${script} did not start; see its output`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function startServer(databaseUrl: string, logFile: string): Promise<ServerProcess> {
  const nodeArgs = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return spawnAndWait(
    'dist/src/server.js',
    nodeArgs,
    {
      // The server's own V8 flags, never the bench's: they would change the SQL side's client too.
      ...(flags['node-options'] ? { NODE_OPTIONS: flags['node-options'] } : {}),
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      LOG_FILE: logFile,
      // One client address drives all the load: the limits would measure themselves, not the API.
      RATE_LIMIT_MAX: '100000000',
      AUTH_RATE_LIMIT_MAX: '100000000',
      ...poolEnv,
      WEB_CONCURRENCY: workers,
    },
    '/api/health',
  );
}

/** The floor for one scenario's captured samples, through as many connections as the server has. */
async function startFloor(databaseUrl: string, samples: StatementSample[], connectionsToDatabase: number): Promise<ServerProcess> {
  const file = join(tmpdir(), `store-erp-bench-floor-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(samples));
  try {
    const floor = await spawnAndWait(
      'dist/scripts/bench/floor-server.js',
      [],
      { NODE_ENV: 'production', DATABASE_URL: databaseUrl, FLOOR_POOL: String(connectionsToDatabase), FLOOR_SAMPLES: file },
      // floor-server.ts answers it without touching the database.
      '/floor/ready',
    );
    return {
      ...floor,
      stop: () =>
        floor.stop().finally(() => {
          rmSync(file, { force: true });
        }),
    };
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
}

async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  const body = (await response.json()) as { data?: { access_token: string } };
  if (!body.data) throw new Error(`login failed for ${email}: ${response.status}`);
  return body.data.access_token;
}

/** The configuration the server runs with (as far as the database goes), for the in-process probe and the replay's pool. */
function serverConfig(databaseUrl: string) {
  return loadConfig({ NODE_ENV: 'production', JWT_SECRET, DATABASE_URL: databaseUrl, LOG_FILE: join(tmpdir(), 'bench-probe.log'), ...poolEnv });
}

/** Runs sample requests through an in-process app on the same database and records the SQL each ran. */
async function captureStatements(databaseUrl: string, scenario: Scenario, context: ScenarioContext, samples: number): Promise<StatementSample[]> {
  const config = serverConfig(databaseUrl);
  const handle = connectDatabase(config.database);
  let current: StatementSample['statements'] = [];
  handle.onQuery((event) => {
    current.push({ sql: event.query.sql, parameters: event.query.parameters });
  });
  const app = await buildApp({ config, database: handle, migrate: false, outboxWorker: false, maintenance: false, silent: true });
  const captured: StatementSample[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      const request = scenario.request(context, i);
      current = [];
      const response = await app.inject({ method: request.method, url: request.path, headers: request.headers, ...(request.body ? { payload: request.body } : {}) });
      if (response.statusCode >= 400) throw new Error(`${scenario.name}: sample request answered ${response.statusCode} ${response.body}`);
      const created = request.path === '/api/orders' && request.method === 'POST' ? response.json<{ data: { id: number } }>().data.id : undefined;
      captured.push({ statements: current, response: { status: response.statusCode, body: response.json() }, ...(created === undefined ? {} : { createdOrderId: created }) });
    }
  } finally {
    await app.close();
    await handle.destroy();
  }
  return captured;
}

interface ApiStats {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

/** Requests each connection cycles through, built before the run. */
const REQUESTS_PER_CONNECTION = 256;

async function driveApi(url: string, scenario: Scenario, context: ScenarioContext, runMs = durationMs): Promise<ApiStats> {
  let slot = 0;
  const result = await autocannon({
    url,
    connections,
    duration: runMs / 1000,
    // Built once per connection, not as each request goes out: building them on the fly cost autocannon
    // about 40% more CPU per request, taken from the two cores the server and the database share with it.
    setupClient: (client) => {
      const own = slot++;
      client.setRequests(
        Array.from({ length: REQUESTS_PER_CONNECTION }, () => {
          const next: BenchRequest = scenario.request(context, own);
          return { method: next.method, path: next.path, headers: next.headers, ...(next.body ? { body: next.body } : {}) };
        }),
      );
    },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/** One round of a scenario: the API, the floor (when it runs), then the SQL side, each with the CPU it cost. */
interface Round {
  api: ApiStats;
  apiCpu: CpuPerRequest;
  floor?: { stats: ApiStats; cpu: CpuPerRequest };
  raw: RunStats;
  sqlCpu: CpuPerRequest;
}

interface Row extends Round {
  scenario: Scenario;
  /** API/SQL of every round, in the order run. */
  ratios: number[];
}

const sqlRps = (raw: RunStats) => (raw.seconds > 0 ? raw.requests / raw.seconds : 0);
const ratioOf = (api: ApiStats, raw: RunStats) => (sqlRps(raw) > 0 ? api.rps / sqlRps(raw) : 0);

function ratioTarget(kind: Scenario['kind']): number | undefined {
  return kind === 'read' ? TARGETS.readRatio : kind === 'write' ? TARGETS.writeRatio : undefined;
}

function printAligned(lines: string[][]): void {
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  for (const [index, line] of lines.entries()) {
    console.log(line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
}

/** Where each request's time went, in the median round: CPU per request of every party, and how busy the server's event loop was. */
function printCpu(rows: Row[]): void {
  const us = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(0));
  const lines = [['scenario', 'API: server', 'server loop busy', 'PostgreSQL', 'load generator', 'floor: server', 'PostgreSQL', 'SQL: client', 'PostgreSQL']];
  for (const { scenario, apiCpu, floor, sqlCpu } of rows) {
    lines.push([
      scenario.name,
      us(apiCpu.serverUs),
      apiCpu.serverLoopBusy === undefined ? '—' : `${(apiCpu.serverLoopBusy * 100).toFixed(0)}%`,
      us(apiCpu.postgresUs),
      us(apiCpu.selfUs),
      us(floor?.cpu.serverUs),
      us(floor?.cpu.postgresUs),
      us(sqlCpu.selfUs),
      us(sqlCpu.postgresUs),
    ]);
  }
  console.log('\nCPU per request, µs (the median round; the load generator and the SQL client are the bench process):\n');
  printAligned(lines);
}

function printTable(rows: Row[], memory: MemoryReport): boolean {
  const fmt = (n: number, digits = 1) => n.toFixed(digits);
  const lines = [
    ['scenario', 'API req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL req/s', 'SQL p50', 'SQL p99', 'API/SQL', 'rounds', 'target', 'met', 'floor req/s', 'floor/SQL'],
  ];
  let allMet = true;
  const notes: string[] = [];
  for (const { scenario, api, raw, ratios, floor } of rows) {
    const rawRps = sqlRps(raw);
    const ratio = ratioOf(api, raw);
    const target = ratioTarget(scenario.kind);
    const checks = [api.errors === 0, target === undefined || ratio >= target, scenario.kind !== 'read' || api.p99 < TARGETS.readP99Ms];
    const met = checks.every(Boolean);
    const rawP99 = percentile(raw.latenciesMs, 99);
    if (scenario.kind === 'read' && api.p99 >= TARGETS.readP99Ms && rawP99 >= TARGETS.readP99Ms) {
      notes.push(`${scenario.name}: the database's own p99 was ${fmt(rawP99)} ms at this concurrency, so no API in front of it could meet p99 < ${TARGETS.readP99Ms} ms in this run`);
    }
    allMet &&= met;
    const targetText = [target === undefined ? '' : `≥${target * 100}%`, scenario.kind === 'read' ? `p99<${TARGETS.readP99Ms}` : ''].filter(Boolean).join(', ') || 'no errors';
    lines.push([
      scenario.name,
      fmt(api.rps, 0),
      fmt(api.p50),
      fmt(api.p99),
      String(api.errors),
      fmt(rawRps, 0),
      fmt(percentile(raw.latenciesMs, 50)),
      fmt(rawP99),
      `${fmt(ratio * 100, 0)}%`,
      ratios.map((r) => fmt(r * 100, 0)).join('/'),
      targetText,
      met ? 'yes' : 'NO',
      floor ? fmt(floor.stats.rps, 0) : '—',
      floor && rawRps > 0 ? `${fmt((floor.stats.rps / rawRps) * 100, 0)}%` : '—',
    ]);
  }
  printAligned(lines);
  for (const note of notes) console.log(`\n${note}`);
  const memoryMet = memory.peakMb < TARGETS.memoryMb;
  const shared =
    memory.processes > 1
      ? ` across ${memory.processes} processes, the code they share counted once (each process's own peak resident set, summed: ${memory.summedPeakRssMb.toFixed(0)} MB)`
      : ' (peak resident set)';
  console.log(`\nServer peak memory: ${memory.peakMb.toFixed(0)} MB${shared}; target < ${TARGETS.memoryMb} MB: ${memoryMet ? 'met' : 'NOT met'}`);
  return allMet && memoryMet;
}

async function printStatementsAndPlans(databaseUrl: string, captured: Map<string, StatementSample[]>): Promise<void> {
  console.log('\nStatements each scenario ran per request (captured from the handler, replayed for the SQL column):');
  const distinct = new Map<string, Statement>();
  for (const [name, samples] of captured) {
    console.log(`\n  ${name}`);
    for (const statement of samples[0]?.statements ?? []) {
      console.log(`    ${statement.sql}`);
      if (/^\s*(select|update|delete)/i.test(statement.sql)) distinct.set(statement.sql, statement);
    }
  }
  if (dialect !== 'postgres') return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  console.log('\nQuery plans (EXPLAIN) of every select/update/delete above:');
  const seqScans: string[] = [];
  for (const statement of distinct.values()) {
    const plan = await client.query<{ 'QUERY PLAN': string }>(`explain ${statement.sql}`, statement.parameters as unknown[]);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    const scans = [...text.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1] ?? '');
    seqScans.push(...scans.map((table) => `${table}: ${statement.sql.slice(0, 80)}`));
    if (flags.plans || scans.length > 0) console.log(`\n  ${statement.sql}\n${text.replace(/^/gm, '    ')}`);
    else console.log(`  uses an index: ${statement.sql.slice(0, 110)}${statement.sql.length > 110 ? '…' : ''}`);
  }
  await client.end();
  console.log(seqScans.length === 0 ? '\nNo sequential scans in any plan.' : `\nSequential scans:\n  ${seqScans.join('\n  ')}`);
}

/** The PostgreSQL server process, when it runs on this machine (its CPU time is read from /proc). */
async function postmasterPid(databaseUrl: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backend = rows[0]?.pid;
    return backend === undefined ? undefined : postmasterOf(backend);
  } finally {
    await client.end();
  }
}

interface RoundParties {
  server: ServerProcess;
  floor: ServerProcess | undefined;
  postmaster: number | undefined;
  databaseUrl: string;
  serverConnections: number;
  /** The bench's own handle on the database, for settling what a phase left behind. */
  bench: DatabaseHandle;
}

/** The API, the floor, then the SQL side, each timed and its CPU per request read. */
async function runRound(scenario: Scenario, context: ScenarioContext, samples: StatementSample[], parties: RoundParties): Promise<Round> {
  const { server, floor, postmaster, databaseUrl, serverConnections, bench } = parties;
  // Every order placed (by the API, the floor or the replay) leaves notifications for the server's outbox
  // worker; the ones a phase leaves pending are marked delivered, or the next phase would pay for their delivery.
  const settle = async () => {
    if (scenario.kind === 'write') await markBacklogDelivered(bench.db);
  };
  const timed = async (target: ServerProcess) => {
    const before = cpuMark(target.pid, postmaster);
    const stats = await driveApi(target.url, scenario, context);
    const cpu = cpuPerRequest(before, cpuMark(target.pid, postmaster), stats.requests);
    await settle();
    return { stats, cpu };
  };
  const api = await timed(server);
  const floorRun = floor ? await timed(floor) : undefined;
  let raw: RunStats;
  let marks: [CpuMark, CpuMark] | undefined;
  if (dialect === 'postgres') {
    const replay = await replayOnPostgres(databaseUrl, samples, connections, serverConnections, durationMs, () => cpuMark(undefined, postmaster));
    raw = replay;
    marks = replay.marks;
  } else {
    const before = cpuMark(undefined, undefined);
    raw = replayOnSqlite(databaseUrl, samples, durationMs);
    marks = [before, cpuMark(undefined, undefined)];
  }
  const sqlCpu = marks ? cpuPerRequest(marks[0], marks[1], raw.requests) : { selfUs: 0 };
  await settle();
  return { api: api.stats, apiCpu: api.cpu, ...(floorRun ? { floor: floorRun } : {}), raw, sqlCpu };
}

async function main(): Promise<void> {
  log('Building…');
  await run('npm', ['run', '--silent', 'build'], { cwd: root });
  const sqliteFile = join(tmpdir(), 'store-erp-bench.db');
  const { databaseUrl, data } = await prepareDatabase(flags['database-url'], sqliteFile);
  const logFile = join(tmpdir(), `store-erp-bench-${Date.now()}.log`);
  const server = await startServer(databaseUrl, logFile);
  const serverDatabase = serverConfig(databaseUrl).database;
  /** The server's connections to PostgreSQL, its pool in each worker: the SQL side replays through as many. */
  const serverConnections = Number(workers) * (serverDatabase.dialect === 'postgres' ? serverDatabase.poolMax : 1);
  const rows: Row[] = [];
  const captured = new Map<string, StatementSample[]>();
  const memorySampler = sampleMemory(server.pid);
  let memory: MemoryReport | undefined;
  let bench: DatabaseHandle | undefined;
  try {
    const users = data.userIds.slice(0, Math.max(connections, 1));
    const emails = users.map((_, i) => `bench_user_${i + 2}@bench.example.com`);
    log(`Logging in ${emails.length} users…`);
    const tokens = await Promise.all(emails.map((email) => login(server.url, email)));
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const context: ScenarioContext = { categoryIds: data.categoryIds, productIds: data.productIds, tokens, emails, password: BENCH_PASSWORD, rand };
    const postmaster = dialect === 'postgres' ? await postmasterPid(databaseUrl) : undefined;
    bench = connectDatabase(serverDatabase);
    for (const scenario of selectedScenarios) {
      const samples = await captureStatements(databaseUrl, scenario, context, scenario.kind === 'login' ? 16 : 200);
      captured.set(scenario.name, samples);
      // The floor replays the SQL alone; a login's cost is bcrypt, which no statement shows.
      const floor = flags.floor && dialect === 'postgres' && scenario.kind !== 'login' ? await startFloor(databaseUrl, samples, serverConnections) : undefined;
      try {
        log(`\n${scenario.name}: ${rounds} rounds of the API, ${floor ? 'the floor, ' : ''}then the same SQL, ${durationMs / 1000} s each at ${connections} connections…`);
        // Unmeasured: the server compiles this scenario's code paths first, as it would have in production.
        if (scenario.kind !== 'login') await driveApi(server.url, scenario, context, WARM_UP_MS);
        if (floor) await driveApi(floor.url, scenario, context, WARM_UP_MS);
        const runs: Round[] = [];
        for (let round = 1; round <= rounds; round += 1) {
          const result = await runRound(scenario, context, samples, { server, floor, postmaster, databaseUrl, serverConnections, bench });
          runs.push(result);
          const floorText = result.floor ? `, floor ${result.floor.stats.rps.toFixed(0)} req/s` : '';
          log(`  round ${round}: API ${result.api.rps.toFixed(0)} req/s${floorText}, SQL ${sqlRps(result.raw).toFixed(0)} req/s, ${(ratioOf(result.api, result.raw) * 100).toFixed(0)}%`);
        }
        const median = [...runs].sort((a, b) => ratioOf(a.api, a.raw) - ratioOf(b.api, b.raw))[Math.floor(runs.length / 2)] ?? runs[0];
        if (!median) continue;
        const errors = runs.reduce((sum, round) => sum + round.api.errors, 0);
        rows.push({ ...median, scenario, api: { ...median.api, errors }, ratios: runs.map((round) => ratioOf(round.api, round.raw)) });
      } finally {
        await floor?.stop();
      }
    }
  } finally {
    memory = memorySampler.stop();
    await server.stop();
    await bench?.destroy();
  }
  console.log(
    `\nStore ERP benchmark — ${dialect}, scale ${scale} (${JSON.stringify(dataSize(scale))}), ${workers} server process(es), ${connections} client connections, ${serverConnections} database connections on each side, ${rounds} rounds of ${durationMs / 1000} s per side (the median round shown)\n`,
  );
  const met = printTable(rows, memory);
  printCpu(rows);
  await printStatementsAndPlans(databaseUrl, captured);
  console.log(`\nAll targets met: ${met ? 'yes' : 'no'}. Server log: ${logFile}`);
  if (flags.profile) console.log(`CPU profiles of the server (open in Chrome DevTools): ${profileDir}`);
}

await main();
