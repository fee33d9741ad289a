/** `npm run test:e2e` runs this first: Playwright here drives Debian's Chromium, never a downloaded one. */
import { accessSync, constants } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
try {
  accessSync(chromium, constants.X_OK);
} catch {
  console.error(`Chromium not found at ${chromium}; install it with: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}
