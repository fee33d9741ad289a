import { expect, test } from './fixtures';
import { signUp } from './helpers';

test('an authenticated page is sent with security and no-cache headers', async ({ page }) => {
  const account = await signUp(page);

  const response = await page.goto(`/${account.slug}`);
  expect(response?.status()).toBe(200);
  const headers = response!.headers();

  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['cache-control']).toContain('private');
  expect(headers['cache-control']).toContain('no-store');
  expect(headers['x-powered-by']).toBeUndefined();
});
