/**
 * `npm start`: builds when there is no current build, applies migrations,
 * seeds the demo organization into an empty database, prints how to sign in,
 * then serves Keel (scripts/serve.ts: Next.js in a plain Node HTTP server).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { configuredLocation } from '@/db';
import { openDatabase } from '@/db/client';
import { demoSignInText, seedIfEmpty } from '@/db/seed';
import { env } from '@/lib/env';

const root = process.cwd();
const sources = ['app', 'lib', 'db', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'package.json', 'postcss.config.mjs'];

function newestSourceTime(entry: string): number {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((child) => newestSourceTime(path.join(entry, child))));
}

function buildIfStale() {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > Math.max(...sources.map(newestSourceTime))) return;
  console.log(builtAt ? 'Sources changed since the last build; building…' : 'No build yet; building (about a minute)…');
  const result = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function prepareDatabase() {
  const location = configuredLocation();
  const db = await openDatabase(location);
  try {
    await db.migrate();
    if (await seedIfEmpty(db)) console.log('Created the demo organization "Acme".');
  } finally {
    await db.close();
  }
  return 'url' in location ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${path.relative(root, location.dataDir)}`;
}

buildIfStale();
const where = await prepareDatabase();
const baseUrl = `http://localhost:${env.PORT}`;
console.log(`\nKeel on ${where}\n${demoSignInText(baseUrl)}\n`);

// Keel's own server around Next (scripts/serve.ts): it alone knows each connection's address.
const server = spawn('npx', ['tsx', 'scripts/serve.ts'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
