/**
 * The floor of a scenario: what Node, Fastify and pg reach on this machine for the same SQL, with none of
 * the service around it. One route answers every request by replaying the next captured request's
 * statements, exactly as the SQL side does, and sending that request's captured response, serialized
 * again. No authentication, validation, logging, metrics, headers or rate limit: the API's distance from
 * this is what the service itself costs; this one's distance from the SQL side is what serving HTTP costs.
 *
 * Started by the bench: `node dist/scripts/bench/floor-server.js` with PORT, DATABASE_URL, FLOOR_POOL (the
 * server's number of connections) and FLOOR_SAMPLES (a JSON file of the captured samples).
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import { PostgresRequestReplayer, type StatementSample } from './raw-sql.js';

const FLOOR_READY_PATH = '/floor/ready';

const samples = JSON.parse(readFileSync(process.env.FLOOR_SAMPLES ?? '', 'utf8')) as StatementSample[];
const poolSize = Number(process.env.FLOOR_POOL ?? 10);
// The server's own session settings (src/database/connection.ts), so the statements run alike.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: poolSize, options: '-c TimeZone=UTC' });
pool.on('error', () => undefined);
const replayer = new PostgresRequestReplayer(pool);
await replayer.openAll(poolSize);

const app = Fastify({ logger: false });
app.get(FLOOR_READY_PATH, () => ({ ready: true }));
let next = 0;
app.route({
  method: ['GET', 'POST'],
  url: '/*',
  handler: async (_request, reply) => {
    const sample = samples[next++ % samples.length];
    if (!sample?.response) throw new Error('no captured response to send');
    await replayer.replay(sample);
    return reply.code(sample.response.status).send(sample.response.body);
  },
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
const stop = () => {
  void app.close().then(() => pool.end()).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
