import { expect, test } from './fixtures';
import { createMetric, demo, saveScreenshot, signUp, viewerState } from './helpers';

/** The last completed calendar month (the demo's fiscal year starts in January): key, first day and label. */
function lastMonth() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const key = first.toISOString().slice(0, 7);
  const label = first.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return { key, firstDay: `${key}-01`, label };
}

test('the owner locks last month; a value dated in it is refused beside the date', async ({ page }) => {
  const month = lastMonth();
  const { slug } = await signUp(page, { name: 'Ava Chen' });
  const revenue = await createMetric(page, slug, { name: 'Revenue' });

  // Settings → Closed periods.
  await page.goto(`/${slug}/settings`);
  await page.getByRole('link', { name: 'Closed periods' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Closed periods' })).toBeVisible();
  const lockForm = page.getByRole('form', { name: 'Lock a period' });
  await page.getByLabel('Kind of period').selectOption('month');
  await lockForm.getByLabel('Period', { exact: true }).selectOption(month.key);
  await lockForm.getByRole('button', { name: 'Lock period' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${month.label} is locked` })).toBeVisible();
  const locks = page.getByRole('table', { name: 'Locked periods' });
  await expect(locks.getByRole('row').filter({ hasText: month.key })).toContainText('Ava Chen');

  // Locking it again by its key is refused beside the field.
  await page.getByLabel('Kind of period').selectOption('other');
  await lockForm.getByLabel('Period', { exact: true }).fill(month.key);
  await lockForm.getByRole('button', { name: 'Lock period' }).click();
  const typed = lockForm.getByLabel('Period', { exact: true });
  await expect(typed).toHaveAttribute('aria-invalid', 'true');
  await expect(typed).toHaveAccessibleDescription(new RegExp(`${month.label} is already locked$`));
  await saveScreenshot(page, 'closed-periods');

  // A value dated in the locked month is refused, with the reason tied to the date field.
  await page.goto(revenue.url);
  const record = page.getByRole('form', { name: 'Record a value' });
  await record.getByLabel('Date').fill(month.firstDay);
  await record.getByLabel(/^Value/).fill('1234');
  await record.getByRole('button', { name: 'Record value' }).click();
  const message = `The period ${month.key} is locked: its values can no longer change`;
  await expect(record.getByLabel('Date')).toHaveAttribute('aria-invalid', 'true');
  await expect(record.getByLabel('Date')).toHaveAccessibleDescription(message);
  // Nothing was stored.
  await page.reload();
  await expect(page.getByText('Nothing recorded yet.')).toBeVisible();

  // Unlock, after confirming: the period is open again.
  await page.goto(`/${slug}/settings/periods`);
  await locks.getByRole('row').filter({ hasText: month.key }).getByRole('button', { name: 'Unlock' }).click();
  const dialog = page.getByRole('dialog', { name: `Unlock ${month.label}?` });
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${month.label} is unlocked` })).toBeVisible();
  await expect(page.getByText('No period is locked yet.')).toBeVisible();
});

test.describe('as a viewer', () => {
  test.use({ storageState: viewerState });

  test("the demo's overdue metric is badged in the list, with the reason in words", async ({ page }) => {
    await page.goto(`/${demo.slug}/metrics`);
    // db/seed-data-in.ts: the analyst owes the last value of Webinar sign-ups, whatever day the seed ran.
    const row = page.getByRole('table', { name: 'Metrics' }).getByRole('row').filter({ has: page.getByRole('link', { name: 'Webinar sign-ups', exact: true }) });
    // The reason is the badge's title and, for screen readers, its hidden text.
    const badge = row.getByText(/^Overdue: No value for .+ since .+$/);
    await expect(badge).toHaveAttribute('title', /^No value for .+ since .+$/);
    await saveScreenshot(page, 'metrics-list');
    await row.getByRole('link', { name: 'Webinar sign-ups', exact: true }).click();
    await expect(page.getByText(/has been due since/)).toBeVisible();
    await saveScreenshot(page, 'metric-overdue');
  });

  test('closed periods are read-only', async ({ page }) => {
    await page.goto(`/${demo.slug}/settings/periods`);
    await expect(page.getByRole('heading', { level: 1, name: 'Closed periods' })).toBeVisible();
    await expect(page.getByText('Only owners and admins can lock and unlock periods.')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Lock a period' })).toHaveCount(0);
  });
});
