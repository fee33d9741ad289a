import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['lib/**/*.test.ts', 'db/**/*.test.ts'],
    environment: 'node',
    // Each integration file opens its own databases; argon2 and PGlite start-up are CPU-bound on two cores.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { KEEL_ENV: 'test', DATA_DIR: '.data/test' },
    // next-auth imports `next/server` without an extension, which Node's ESM loader refuses; let Vite resolve it.
    server: { deps: { inline: ['next-auth'] } },
  },
});
