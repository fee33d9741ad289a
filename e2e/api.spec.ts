import { expect, test } from './fixtures';
import { demo, saveScreenshot, signIn, unique } from './helpers';

test('an admin creates a write token and a value pushed with it shows on the KPI page', async ({ page, request }) => {
  await signIn(page, 'coo@acme.test', demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  await page.goto(`/${demo.slug}/settings`);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();

  const name = `Warehouse ${unique()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Scope').selectOption('write');
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByLabel('The new token');
  await expect(shown).toHaveValue(/^keel_[A-Za-z0-9_-]{43}$/);
  const token = await shown.inputValue();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('write');
  await saveScreenshot(page, 'api-tokens');

  // The contract is public and names the push endpoint.
  const spec = await request.get('/api/v1/openapi.json');
  expect(spec.ok()).toBe(true);
  expect(Object.keys((await spec.json()).paths)).toContain('/api/v1/measurements');

  // Without the token: 401 problem details.
  const anonymous = await request.get('/api/v1/metrics');
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()['content-type']).toContain('application/problem+json');

  // The KPI "New paying members" is {paid_signups}; its table shows this month's combined value so far.
  const kpiPage = async () => {
    await page.goto(`/${demo.slug}/kpis`);
    await page.getByRole('link', { name: 'New paying members' }).first().click();
    const table = page.getByRole('table', { name: 'The metrics in the formula and their combined values' });
    return table.getByRole('row', { name: /Paid sign-ups/ }).getByRole('cell').nth(3);
  };
  const soFar = async () => Number(((await (await kpiPage()).textContent()) ?? '').replace(/[^0-9.-]/g, '') || 0);
  const before = await soFar();

  // What is stored today already (read through the API), since a push replaces the value of its date.
  const today = new Date().toISOString().slice(0, 10);
  const auth = { authorization: `Bearer ${token}` };
  const stored = await request.get(`/api/v1/metrics/paid_signups/measurements?from=${today}&to=${today}`, { headers: auth });
  expect(stored.status()).toBe(200);
  const previous = ((await stored.json()) as { data: { value: number }[] }).data[0]?.value ?? 0;

  const push = await request.post('/api/v1/measurements', {
    headers: { ...auth, 'idempotency-key': `e2e-${unique()}` },
    data: { measurements: [{ metric: 'paid_signups', date: today, value: 4321, note: 'from the e2e warehouse' }] },
  });
  expect(push.status(), await push.text()).toBe(200);
  expect(await push.json()).toMatchObject({ inserted: previous ? 0 : 1, updated: previous ? 1 : 0 });

  const expected = before - previous + 4321;
  await expect(await kpiPage()).toHaveText(expected.toLocaleString('en-US'));

  // The token's last use shows on the tokens page, and the audit log names it.
  await page.goto(`/${demo.slug}/settings/api-tokens`);
  await expect(page.getByRole('row', { name: new RegExp(name) })).not.toContainText('—');
  await page.goto(`/${demo.slug}/audit`);
  await expect(page.getByRole('cell', { name: `API token ${name}` }).first()).toBeVisible();
});
