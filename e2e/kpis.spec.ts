import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addDepartment, addPerson, createMetric, demo, saveScreenshot, signIn, signUp, unique, viewerState } from './helpers';

/** Chooses the option whose text matches, whatever indentation or suffix the list gives it. */
async function choose(select: Locator, text: RegExp) {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value', { timeout: 5_000 });
  expect(value, `an option matching ${text}`).toBeTruthy();
  await select.selectOption(value!);
}

/** The last completed month (UTC): its last day and its label, e.g. 2026-10-31 and "Oct 2026". */
function lastMonth() {
  const now = new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { date: end.toISOString().slice(0, 10), label: `${end.toLocaleString('en', { month: 'short', timeZone: 'UTC' })} ${end.getUTCFullYear()}` };
}

async function recordValue(page: Page, metricUrl: string, date: string, value: string) {
  await page.goto(metricUrl);
  const form = page.getByRole('form', { name: 'Record a value' });
  await form.getByLabel('Date', { exact: true }).fill(date);
  await form.getByLabel('Value', { exact: true }).fill(value);
  await form.getByLabel('Note (optional)').fill('From the weekly export');
  await form.getByRole('button', { name: 'Record value' }).click();
  await expect(page.getByRole('cell', { name: value, exact: true }).first()).toBeVisible();
}

test('a department head sets a goal, two metrics, a formula KPI and its targets, enters values and sees the score', async ({ page, newPage }) => {
  test.slow();
  const u = unique();
  const year = new Date().getUTCFullYear();
  // An organization of this test's own: its owner adds Marketing and invites its head, who does the rest.
  const owner = await newPage();
  const { slug } = await signUp(owner);
  await addDepartment(owner, slug, 'Marketing');
  await addPerson(owner, page, slug, { name: 'Priya Nair', unit: '— Marketing' });

  // A goal for Marketing.
  const goalTitle = `Grow trials ${u}`;
  await page.goto(`/${slug}/goals`);
  await page.getByRole('button', { name: 'New goal' }).click();
  const goalForm = page.getByRole('form', { name: 'New goal' });
  await choose(goalForm.getByLabel('Unit', { exact: true }), /Marketing\s*$/);
  await goalForm.getByLabel('Title', { exact: true }).fill(goalTitle);
  await goalForm.getByLabel('Start date', { exact: true }).fill(`${year}-01-01`);
  await goalForm.getByLabel('Due date', { exact: true }).fill(`${year - 1}-12-31`);
  await goalForm.getByRole('button', { name: 'Create goal' }).click();
  // A due date before the start is refused beside the field, and nothing is lost.
  await expect(goalForm.getByLabel('Due date', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(goalForm.getByLabel('Title', { exact: true })).toHaveValue(goalTitle);
  await goalForm.getByLabel('Due date', { exact: true }).fill(`${year}-12-31`);
  await goalForm.getByRole('button', { name: 'Create goal' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${goalTitle} created` })).toBeVisible();

  // Two metrics.
  const trials = await createMetric(page, slug, { name: `Trial sign-ups ${u}`, owner: /Priya Nair/ });
  const visits = await createMetric(page, slug, { name: `Site visits ${u}`, owner: /Priya Nair/ });

  // A formula KPI aligned to the goal; a broken formula first shows where it breaks.
  const kpiName = `Trial conversion ${u}`;
  await page.goto(`/${slug}/kpis/new`);
  const kpiForm = page.getByRole('form', { name: 'New KPI' });
  await kpiForm.getByLabel('Name', { exact: true }).fill(kpiName);
  await kpiForm.getByLabel('Description', { exact: true }).fill('Share of site visitors who start a trial in the month');
  await choose(kpiForm.getByLabel('Unit (team or department)'), /Marketing\s*$/);
  await choose(kpiForm.getByLabel('Goal', { exact: true }), new RegExp(goalTitle));
  await choose(kpiForm.getByLabel('Owner', { exact: true }), /Priya Nair/);
  await kpiForm.getByLabel('Unit of measure', { exact: true }).selectOption({ label: 'Percent' });
  const formula = kpiForm.getByLabel('Formula', { exact: true });
  await formula.fill(`{${trials.key}} / * 100`);
  await expect(kpiForm.getByText(/Expected a number, a \{metric\} or "\(" at character/).first()).toBeVisible();
  await formula.fill(`{${trials.key}} / {${visits.key}} * 100`);
  await kpiForm.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: kpiName })).toBeVisible();

  // A year of targets: 5 % every month, spread from the annual value — for the year of the last completed month
  // (in January that is last year).
  const last = lastMonth();
  await page.goto(`${page.url()}?year=${last.date.slice(0, 4)}`);
  await page.getByLabel('Annual target', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Fill the months' }).click();
  const targets = page.getByRole('form', { name: /^Targets for/ });
  await expect(targets.getByLabel(/^Target for /).first()).toHaveValue('5');
  await targets.getByRole('button', { name: 'Save targets' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Targets saved: 1[23] set/ })).toBeVisible();

  // Values for the last completed month: 27 trials from 600 visits = 4.5 %, 90 % of the target.
  await recordValue(page, trials.url, last.date, '27');
  await recordValue(page, visits.url, last.date, '600');

  await page.goto(trials.url.replace(/\/metrics\/.*/, '/kpis'));
  await page.getByRole('link', { name: kpiName }).click();
  const latest = page.getByRole('region', { name: last.label, exact: true });
  await expect(latest.getByText('The last completed month')).toBeVisible();
  await expect(latest.getByRole('definition').nth(0)).toHaveText('4.5%');
  await expect(latest.getByRole('definition').nth(1)).toHaveText('5%');
  await expect(latest.getByRole('definition').nth(2)).toHaveText('90%');
  await expect(latest.getByText('At risk')).toBeVisible();
  await saveScreenshot(page, 'kpi-page');
});

test('the KPI form says what Automatic infers for targets over longer periods, as the formula is typed', async ({ page }) => {
  // Read only: the form is filled in the demo organization and never saved.
  await signIn(page, demo.owner, demo.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Acme' })).toBeVisible();
  await page.goto(`/${demo.slug}/kpis/new`);
  const form = page.getByRole('form', { name: 'New KPI' });
  const rollup = form.getByLabel('Targets over longer periods', { exact: true });
  const automatic = rollup.locator('option[value=""]');
  await expect(rollup).toHaveAccessibleDescription(/^A quarter’s target from its monthly targets: add them up for flows like sign-ups, the last one for stocks like headcount/);
  await expect(rollup).toHaveValue('');
  const formula = form.getByLabel('Formula', { exact: true });
  await formula.fill('{leavers}');
  await expect(automatic).toHaveText('Automatic (add them up)');
  await formula.fill('{headcount}');
  await expect(automatic).toHaveText('Automatic (the last one)');
  await formula.fill('{leavers} / {headcount}');
  await expect(automatic).toHaveText('Automatic (their average)');
  await form.getByLabel('Unit of measure', { exact: true }).selectOption({ label: 'Percent' });
  await formula.fill('{leavers}');
  await expect(automatic).toHaveText('Automatic (their average)');
  await expect(rollup.locator('option')).toHaveText(['Automatic (their average)', 'Add them up', 'The last one', 'Their average']);
  await rollup.selectOption({ label: 'The last one' });
  await expect(rollup).toHaveValue('last');
});

test.describe('as a viewer', () => {
  test.use({ storageState: viewerState });

  test('the demo organization shows the seeds’ goal and KPIs, and no drafts', async ({ page }) => {
    await page.goto(`/${demo.slug}/goals`);
    await expect(page.getByRole('link', { name: '2,000 new paying members' })).toBeVisible();
    await page.goto(`/${demo.slug}/kpis`);
    await expect(page.getByRole('link', { name: 'Cost per acquisition' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Employee churn rate' })).toBeVisible();
    await expect(page.getByText('Vanity metric').first()).toBeVisible();
    // Viewers never see drafts.
    await expect(page.getByRole('link', { name: 'Website visitors' })).toHaveCount(0);
    await saveScreenshot(page, 'kpis');
  });
});
