import type { APIResponse } from '@playwright/test';
import { expect, test } from './fixtures';
import { signUp, unique } from './helpers';

/** api.md: every API response carries Cache-Control: no-store and sets no cookie. */
function expectNoStoreNoCookie(response: APIResponse) {
  const headers = response.headers();
  expect(headers['cache-control'], response.url()).toBe('no-store');
  expect(headers['set-cookie'], response.url()).toBeUndefined();
}

test('the API answers a signed-in browser without cookies or caching, with problem details at its edges', async ({ page }) => {
  const account = await signUp(page);
  await page.goto(`/${account.slug}/settings/api-tokens`);
  await page.getByLabel('Name').fill(`Edges ${unique()}`);
  await page.getByLabel('Scope').selectOption('read');
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByLabel('The new token');
  await expect(shown).toHaveValue(/^keel_/);
  const token = await shown.inputValue();

  // page.request sends the browser's session cookie with every request below.
  const api = page.request;
  const auth = { authorization: `Bearer ${token}` };

  const units = await api.get('/api/v1/units', { headers: auth });
  expect(units.status()).toBe(200);
  expect(units.headers()['content-type']).toContain('application/json');
  expectNoStoreNoCookie(units);

  const anonymous = await api.get('/api/v1/units');
  expect(anonymous.status()).toBe(401);
  expectNoStoreNoCookie(anonymous);

  const spec = await api.get('/api/v1/openapi.json');
  expect(spec.status()).toBe(200);
  expectNoStoreNoCookie(spec);

  const unknown = await api.get('/api/v1/no-such-thing', { headers: auth });
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['content-type']).toContain('application/problem+json');
  expect(await unknown.json()).toMatchObject({ status: 404, title: 'Not found' });
  expectNoStoreNoCookie(unknown);
  const root = await api.post('/api/v1', { headers: auth });
  expect(root.status()).toBe(404);
  expect(root.headers()['content-type']).toContain('application/problem+json');

  const deleted = await api.delete('/api/v1/metrics', { headers: auth });
  expect(deleted.status()).toBe(405);
  expect(deleted.headers()['allow']).toBe('GET, HEAD, OPTIONS, POST');
  expect(deleted.headers()['content-type']).toContain('application/problem+json');
  expect(await deleted.json()).toMatchObject({ status: 405, title: 'Method not allowed' });
  expectNoStoreNoCookie(deleted);

  const health = await api.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expectNoStoreNoCookie(health);
});
