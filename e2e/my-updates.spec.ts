import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { copyEmail, demoCopies } from './demo-copies';
import { demo, saveScreenshot, signIn, viewerState } from './helpers';

// Saving a value and checking in change demo data: this spec writes into its own copy of the demo.
const copy = demoCopies.myUpdates;

async function signedIn(page: Page, person: string) {
  await signIn(page, copyEmail('myUpdates', person), demo.password);
  await expect(page).toHaveURL(`/${copy.slug}`);
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organization' });

test('the analyst sees what they owe, saves the overdue value from the keyboard and the count drops', async ({ page }) => {
  await signedIn(page, 'analyst');
  const link = sidebar(page).getByRole('link', { name: /^My updates/ });
  const count = link.getByTestId('my-updates-count');
  // The demo's analyst owes one thing: the last value of Webinar sign-ups (db/seed-data-in.ts); his proposal votes are cast.
  await expect(count).toHaveText(/^1(\D|$)/);

  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'My updates' })).toBeVisible();
  const row = page.getByRole('form', { name: /^Webinar sign-ups, / });
  await expect(row).toBeVisible();
  // The last values sit beside the field.
  await expect(row.getByText(/Last values of Webinar sign-ups/)).toBeAttached();
  await expect(row.getByRole('listitem')).toHaveCount(3);
  await saveScreenshot(page, 'my-updates');

  await row.getByRole('textbox', { name: /^Value of Webinar sign-ups/ }).click();
  await page.keyboard.type('212');
  await page.keyboard.press('Tab');
  await page.keyboard.type('From the webinar tool export');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('status').getByText(/Saved — Webinar sign-ups, .*: 212/)).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(count).toHaveCount(0);
  await saveScreenshot(page, 'my-updates-saved');
});

test('a KPI owner checks in on a red KPI: the comment is required, then the check-in shows in the history', async ({ page }) => {
  await signedIn(page, 'hr');
  await page.goto(`/${copy.slug}/kpis`);
  await page.getByRole('link', { name: 'Employee churn rate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Employee churn rate' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Check in' });
  await expect(form.getByLabel('Period')).toBeVisible();
  await form.getByRole('radio', { name: 'At risk' }).check();
  await form.getByRole('button', { name: 'Check in' }).click();
  const comment = form.getByLabel('Comment');
  await expect(comment).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(/off track for this period/)).toBeVisible();
  await expect(comment).toHaveAttribute('aria-describedby', /comment-error/);
  await saveScreenshot(page, 'check-in-error');
  await page.getByTestId('check-in-card').screenshot({ path: 'test-results/screenshots/check-in-error-card-only.png' });

  const text = 'Two resignations in Sales; exit interviews booked, retention plan next month.';
  await comment.fill(text);
  await form.getByRole('radio', { name: 'At risk' }).check();
  await form.getByRole('button', { name: 'Check in' }).click();
  const history = page.getByRole('list', { name: 'Check-in history' });
  await expect(history.getByText(text)).toBeVisible();
  await expect(history.getByRole('listitem').first()).toContainText('Olivia Grant');
  await saveScreenshot(page, 'check-in-card');
  await page.getByTestId('check-in-card').screenshot({ path: 'test-results/screenshots/check-in-card-only.png' });
});

test('the watermelon KPI is flagged in the list and on its page; viewers owe nothing', async ({ newPage }) => {
  const page = await newPage({ storageState: viewerState });
  await page.goto(`/${demo.slug}/kpis`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Agent sales, West', exact: true }) });
  await expect(row.getByText('Watermelon')).toBeVisible();
  await expect(sidebar(page).getByRole('link', { name: /^My updates/ })).toHaveCount(0);

  await row.getByRole('link', { name: 'Agent sales, West', exact: true }).click();
  const flag = page.getByRole('note', { name: 'Watermelon' });
  await expect(flag).toContainText('Owner says: On track');
  await expect(flag).toContainText('Numbers say: Off track');
  // A viewer reads the check-ins but has no check-in form.
  await expect(page.getByRole('form', { name: 'Check in' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Check-in history' })).toContainText('Luca Rossi');
  await saveScreenshot(page, 'watermelon-kpi');

  // …and on its goal's page.
  await page.getByRole('link', { name: 'Agents West hit the agent target every month' }).first().click();
  const goalRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Agent sales, West', exact: true }) });
  await expect(goalRow.getByText('Watermelon')).toBeVisible();
});
