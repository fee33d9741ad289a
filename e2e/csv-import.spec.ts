import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addDepartment, addPerson, createMetric, demo, saveScreenshot, signUp, unique, viewerState } from './helpers';

async function chooseCsv(page: Page, name: string, text: string) {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('the head of Marketing previews a file with a bad row, fixes it, imports it with progress, and exports the values', async ({ page, newPage }) => {
  test.slow();
  // An organization of this test's own, with a head of Marketing who owns a metric: she may record its values.
  const owner = await newPage();
  const { slug } = await signUp(owner);
  await addDepartment(owner, slug, 'Marketing');
  await addPerson(owner, page, slug, { name: 'Priya Nair', unit: '— Marketing' });
  const metric = await createMetric(page, slug, { name: `CSV leads ${unique()}`, owner: /Priya Nair/ });

  await page.goto(`/${slug}/metrics`);
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import values from CSV' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Download the template/ })).toHaveAttribute('download', 'measurements-template.csv');

  const good = [`${metric.key},2026-01-05,120,`, `${metric.key},2026-01-12,-4.5,"Refund, partial"`, `${metric.key},2026-01-19,133,`];
  const bad = ['\ufeffmetric,date,value,note', good[0], `${metric.key},2026-01-12,12abc,`, good[2]].join('\r\n');
  await chooseCsv(page, 'leads.csv', bad);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'rows:' })).toHaveText('3 rows: 2 ready, 1 with problems');
  const problems = page.getByRole('table', { name: 'Rows with problems' });
  await expect(problems.getByRole('row')).toHaveCount(2);
  const badRow = problems.getByRole('row').nth(1);
  await expect(badRow.getByRole('cell').nth(0)).toHaveText('3');
  await expect(badRow.getByRole('cell').nth(1)).toHaveText(`${metric.key},2026-01-12,12abc,`);
  await expect(badRow.getByRole('cell').nth(2)).toHaveText('Value: Enter a number');
  const importButton = page.getByRole('button', { name: 'Import 2 values' });
  await expect(importButton).toBeDisabled();
  await expect(importButton).toHaveAccessibleDescription(/Nothing is imported while a row has a problem/);
  await saveScreenshot(page, 'csv-import-preview-bad-row');

  // Nothing was imported.
  const metricPage = await newPage({ storageState: await page.context().storageState() });
  await metricPage.goto(metric.url);
  await expect(metricPage.getByText('Nothing recorded yet.')).toBeVisible();

  await chooseCsv(page, 'leads-fixed.csv', ['metric,date,value,note', ...good, ''].join('\n'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'rows:' })).toHaveText('3 rows: 3 ready, 0 with problems');
  await expect(page.getByRole('table', { name: 'Rows with problems' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Import 3 values' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveJSProperty('value', 1);
  await expect(page.getByRole('status')).toHaveText('3 rows imported: 3 new, 0 updated, 0 unchanged.');
  await saveScreenshot(page, 'csv-import-done');

  await page.getByRole('link', { name: metric.key }).click();
  await expect(page).toHaveURL(metric.url);
  const values = page.getByRole('table', { name: /^Values of/ });
  await expect(values.getByRole('row')).toHaveCount(4);
  await expect(values.getByRole('row', { name: /Refund, partial/ })).toContainText('CSV import');

  // The same file again changes nothing.
  await page.goto(`/${slug}/metrics/import`);
  await chooseCsv(page, 'leads-fixed.csv', ['metric,date,value,note', ...good, ''].join('\n'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('button', { name: 'Import 3 values' }).click();
  await expect(page.getByRole('status')).toHaveText('3 rows imported: 0 new, 0 updated, 3 unchanged.');

  // Export: the values as CSV, named after the key.
  await page.goto(metric.url);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`${metric.key}.csv`);
  const exported = await page.request.get(`${metric.url}/export`);
  expect(exported.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const text = await exported.text();
  expect(text.split('\r\n').slice(0, 2)).toEqual(['\ufeffmetric,date,value,note,source,recorded_by,recorded_at', expect.stringMatching(new RegExp(`^${metric.key},2026-01-05,120,,csv,Priya Nair,`))]);
  expect(text).toContain(`${metric.key},2026-01-12,-4.5,"Refund, partial",csv,Priya Nair,`);

  // The import routes answer only our own pages.
  const forged = await page.request.post(`/${slug}/metrics/import/run`, {
    headers: { Origin: 'https://evil.example', 'Content-Type': 'text/csv' },
    data: `metric,date,value\n${metric.key},2026-02-02,1\n`,
  });
  expect(forged.status()).toBe(403);
  const direct = await page.request.post(`/${slug}/metrics/import/run`, {
    headers: { Origin: new URL(page.url()).origin, 'Content-Type': 'text/csv' },
    data: `metric,date,value\n${metric.key},2026-02-02,1\n${metric.key},2026-02-09,2\n`,
  });
  expect(direct.headers()['content-type']).toBe('application/x-ndjson; charset=utf-8');
  const lines = (await direct.text()).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toEqual([
    { type: 'progress', done: 0, total: 2 },
    { type: 'progress', done: 2, total: 2 },
    expect.objectContaining({ type: 'result', ok: true, data: expect.objectContaining({ inserted: 2, updated: 0, unchanged: 0 }) }),
  ]);
});

test('a viewer cannot import', async ({ newPage }) => {
  const page = await newPage({ storageState: viewerState });
  await page.goto(`/${demo.slug}/metrics/import`);
  await expect(page.getByText('Viewers can see metrics but not record their values')).toBeVisible();
  await page.goto(`/${demo.slug}/metrics`);
  await expect(page.getByRole('link', { name: 'Import CSV' })).toHaveCount(0);
  // A metric id that is not this organization's (or no id at all) is not found.
  expect((await page.request.get(`/${demo.slug}/metrics/00000000-0000-4000-8000-000000000000/export`)).status()).toBe(404);
  expect((await page.request.get(`/${demo.slug}/metrics/not-an-id/export`)).status()).toBe(404);
  const preview = await page.request.post(`/${demo.slug}/metrics/import/preview`, {
    headers: { Origin: new URL(page.url()).origin, 'Content-Type': 'text/csv' },
    data: 'metric,date,value\nvisitors,2026-01-05,1\n',
  });
  expect(preview.status()).toBe(403);
});
