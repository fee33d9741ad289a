import { test as base, type BrowserContextOptions, type Page } from '@playwright/test';

export { expect } from '@playwright/test';

let clients = 0;
/**
 * A client address of the test's own (TEST-NET-1, then TEST-NET-2; the rate-limit
 * spec picks from TEST-NET-3). The e2e server trusts one proxy (TRUST_PROXY=1), so
 * this is the address sign-in throttling counts: without it every spec would share
 * the loopback address, and the suite's deliberate wrong passwords would add up to
 * the per-address limit and throttle every sign-in after them.
 */
function nextClientAddress(): string {
  clients += 1;
  return clients <= 254 ? `192.0.2.${clients}` : `198.51.100.${((clients - 255) % 254) + 1}`;
}

/**
 * `newPage(options)` opens a page in a browser context of its own (a second
 * device, another client address), closed when the test ends.
 */
export const test = base.extend<{ newPage: (options?: BrowserContextOptions) => Promise<Page> }>({
  extraHTTPHeaders: async ({}, use) => {
    await use({ 'X-Forwarded-For': nextClientAddress() });
  },
  newPage: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (options) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
