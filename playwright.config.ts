import { defineConfig } from '@playwright/test';
import { mailCatcherPorts } from './e2e/caught-mail';

// E2E_PORT lets two checkouts run their suites side by side.
const port = Number(process.env.E2E_PORT || 3100);
// One host name everywhere: cookies belong to a host, and localhost ≠ 127.0.0.1.
const baseURL = `http://localhost:${port}`;
const mail = mailCatcherPorts(port);
// One data folder per port too, so two suites of one checkout (E2E_PORT, NEXT_DIST_DIR) never share a PGlite.
const dataDir = port === 3100 ? '.data/e2e' : `.data/e2e-${port}`;

// End-to-end tests sign people up, fail sign-ins and rename organizations: never against a real deployment.
// Specs that write do it in organizations of their own; the demo organization is only read.
const host = new URL(baseURL).hostname;
if (host !== 'localhost' && host !== '127.0.0.1') {
  throw new Error(`Refusing to run end-to-end tests against ${baseURL}: only localhost is allowed.`);
}

export default defineConfig({
  testDir: './e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  // Every sign-up and sign-in runs Argon2id (19 MiB) on a small, often busy machine.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Signs in once per demo role and saves the session to e2e/.auth/ (gitignored).
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
  ],
  webServer: [
    {
      // Email goes out through SMTP to this catcher, and specs read it there (e2e/mail.ts), signed in or not.
      command: 'npx tsx e2e/mail-catcher.ts',
      url: `http://127.0.0.1:${mail.http}/messages`,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { E2E_PORT: String(port) },
    },
    {
      // A fresh embedded PGlite every run, seeded with the demo and its copies for
      // the specs that change demo data (e2e/prepare-database.ts). The wipe and
      // the seed live in the command because Playwright starts the web server
      // before globalSetup would run, and PGlite takes one process at a time.
      command: `rm -rf ${dataDir} && npx tsx e2e/prepare-database.ts && npx tsx scripts/start.ts`,
      url: `${baseURL}/login`,
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        PORT: String(port),
        DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: '1',
        // Embedded PGlite only: an inherited DATABASE_URL must not reach the server
        // (lib/env.ts treats an empty value as unset).
        DATABASE_URL: '',
        SMTP_URL: `smtp://127.0.0.1:${mail.smtp}`,
        // As if behind one proxy: each browser context claims its own client address in X-Forwarded-For.
        TRUST_PROXY: '1',
      },
    },
  ],
});
