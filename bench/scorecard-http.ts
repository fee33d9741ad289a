import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Database } from '@/db/client';
import type { LargeOrganization } from './large-organization';
import { benchToken } from './scorecard-ingest';
import type { Row } from './scorecard';

const PORT = 3203;
const CONNECTIONS = 10;
const SECONDS = 15;

type Load = { requestsPerSecond: number; p50: number; p99: number; ok: number; failures: string };

async function waitUntilUp(url: string, token: string, child: ChildProcess) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the server did not answer ${url} within 180 s`);
}

/** One autocannon run; errors (refused, reset, timeouts) are counted, never thrown. */
async function load(url: string, token: string): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 60,
    headers: { authorization: `Bearer ${token}` },
  });
  const failures = [result.errors && `${result.errors} errors`, result.timeouts && `${result.timeouts} timeouts`, result.non2xx && `${result.non2xx} non-2xx`]
    .filter(Boolean)
    .join(', ');
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'], failures };
}

/**
 * Requests per second of GET /api/v1/scorecard (the company, one month with
 * trends) against a trivial route (GET /api/v1/units: the same token check and
 * transaction, one small query) under the same autocannon load, on `next start`
 * (built first when there is no build) pointed at the benchmark database.
 */
export async function benchHttp(db: Database, databaseUrl: string, org: LargeOrganization, log: (line: string) => void): Promise<Row[]> {
  if (process.argv.includes('--no-http')) {
    log('  HTTP: skipped (--no-http)');
    return [];
  }
  if (!existsSync(path.resolve('.next', 'BUILD_ID'))) {
    log('  HTTP: no build yet; next build…');
    const built = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
    if (built.status !== 0) return [{ what: 'scorecard API under load', value: 'not measured: next build failed' }];
  }
  const token = await benchToken(db, org, 'read');
  // `env` adds the server's settings to the inherited environment (lib/env.ts reads them in the server).
  const settings = [`DATABASE_URL=${databaseUrl}`, `PORT=${PORT}`, 'API_RATE_LIMIT_PER_MINUTE=1000000'];
  const server = spawn('env', [...settings, 'npx', 'next', 'start', '-p', String(PORT)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const base = `http://127.0.0.1:${PORT}/api/v1`;
  try {
    await waitUntilUp(`${base}/units`, token, server);
    // Warm both routes (compilation caches, connection pool) before measuring.
    for (let i = 0; i < 3; i++) {
      await fetch(`${base}/units`, { headers: { authorization: `Bearer ${token}` } });
      await fetch(`${base}/scorecard?period=2026-10`, { headers: { authorization: `Bearer ${token}` } });
    }
    const trivial = await load(`${base}/units`, token);
    const scorecard = await load(`${base}/scorecard?period=2026-10`, token);
    const describe = (l: Load) =>
      `${l.requestsPerSecond.toFixed(1)} req/s (p50 ${l.p50} ms, p99 ${l.p99} ms${l.failures ? `; ${l.failures}` : ''})`;
    const share = scorecard.requestsPerSecond / trivial.requestsPerSecond;
    return [
      { what: `GET /api/v1/units (trivial), ${CONNECTIONS} connections × ${SECONDS} s`, value: describe(trivial) },
      { what: `GET /api/v1/scorecard, ${CONNECTIONS} connections × ${SECONDS} s`, value: describe(scorecard) },
      { what: 'scorecard API / trivial route', value: `${(share * 100).toFixed(1)}%`, target: '≥ 40%', verdict: share >= 0.4 ? 'meets' : 'MISSES' },
    ];
  } catch (error) {
    log(`  HTTP: failed: ${error instanceof Error ? error.message : String(error)}`);
    return [{ what: 'scorecard API under load', value: `not measured: ${error instanceof Error ? error.message : String(error)}` }];
  } finally {
    if (server.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}
