import { test as base, type BrowserContextOptions, type Page } from '@playwright/test';

export { expect } from '@playwright/test';

/**
 * `newPage(options)` opens a page in a browser context of its own (a second
 * device, another client address), closed when the test ends.
 */
export const test = base.extend<{ newPage: (options?: BrowserContextOptions) => Promise<Page> }>({
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
