import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Everything else imports `env`.
 *
 * KEEL_ENV, not NODE_ENV, says whether this is a real deployment: `next start`
 * always sets NODE_ENV=production, yet `npm start` on a laptop must work with
 * no configuration at all.
 */
const schema = z.object({
  KEEL_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TEST_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'TEST_DATABASE_URL must be a postgres:// URL')
    .optional(),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /** Where people reach Keel; links in emails start with it. Defaults to http://localhost:PORT. */
  APP_URL: z.url({ protocol: /^https?$/, error: 'APP_URL must be an http(s) URL' }).optional(),
  /** smtp(s)://user:pass@host:port — without it, email goes to the development mailbox at /dev/mailbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// URL' }).optional(),
  EMAIL_FROM: z.string().min(3).default('Keel <keel@localhost>'),
  /** Requests per minute per API token, counted per server process (lib/api/rate-limit.ts). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /**
   * How many reverse proxies in front of Keel append to X-Forwarded-For. 0 (the default): none, the
   * header is the client's own claim and is ignored; the connection's address counts (lib/auth/client-ip.ts).
   */
  TRUST_PROXY: z.coerce.number().int().min(0, 'TRUST_PROXY is a number of proxies, 0 or more').max(10).default(0),
});

function load() {
  const parsed = schema.safeParse({
    ...process.env,
    // Treat empty strings as unset, the way shells and CI usually mean them.
    ...Object.fromEntries(Object.entries(process.env).filter(([, v]) => v === '').map(([k]) => [k, undefined])),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  if (values.KEEL_ENV === 'production' && !values.AUTH_SECRET) {
    throw new Error('Invalid environment:\n  AUTH_SECRET: required when KEEL_ENV=production (openssl rand -base64 33)');
  }
  return {
    ...values,
    AUTH_SECRET: values.AUTH_SECRET ?? localSecret(values.DATA_DIR),
    APP_URL: (values.APP_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ''),
  };
}

/** Outside production: one random secret per data folder, made on first use and kept. */
function localSecret(dataDir: string): string {
  const file = path.resolve(dataDir, 'auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(33).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another process won the race: use its secret.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return readFileSync(file, 'utf8').trim();
  }
}

export const env = load();
export type Env = typeof env;
