import { expect, test } from './fixtures';
import { createFormulaKpi, createMetric, saveScreenshot, signUp, unique } from './helpers';

test('an owner creates a write token and a value pushed with it shows on the KPI page', async ({ page, request }) => {
  const account = await signUp(page);
  // A KPI "New paying members" = {paid_signups}, as in the demo, in this test's own organization.
  const metric = await createMetric(page, account.slug, { name: 'Paid signups' });
  expect(metric.key).toBe('paid_signups');
  const kpiUrl = await createFormulaKpi(page, account.slug, { name: 'New paying members', formula: '{paid_signups}' });

  await page.goto(`/${account.slug}/settings`);
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

  // The KPI's table shows this month's combined value so far: nothing yet.
  const soFar = async () => {
    await page.goto(kpiUrl);
    const table = page.getByRole('table', { name: 'The metrics in the formula and their combined values' });
    return table.getByRole('row', { name: /Paid signups/ }).getByRole('cell').nth(3);
  };
  await expect(await soFar()).toHaveText('no value');

  const today = new Date().toISOString().slice(0, 10);
  const auth = { authorization: `Bearer ${token}` };
  const stored = await request.get(`/api/v1/metrics/paid_signups/measurements?from=${today}&to=${today}`, { headers: auth });
  expect(stored.status()).toBe(200);
  expect((await stored.json()).data).toEqual([]);

  const push = await request.post('/api/v1/measurements', {
    headers: { ...auth, 'idempotency-key': `e2e-${unique()}` },
    data: { measurements: [{ metric: 'paid_signups', date: today, value: 4321, note: 'from the e2e warehouse' }] },
  });
  expect(push.status(), await push.text()).toBe(200);
  expect(await push.json()).toMatchObject({ inserted: 1, updated: 0 });
  await expect(await soFar()).toHaveText('4,321');

  // The token's last use shows on the tokens page, and the audit log names it.
  await page.goto(`/${account.slug}/settings/api-tokens`);
  await expect(page.getByRole('row', { name: new RegExp(name) })).not.toContainText('—');
  await page.goto(`/${account.slug}/audit`);
  await expect(page.getByRole('cell', { name: `API token ${name}` }).first()).toBeVisible();
});
