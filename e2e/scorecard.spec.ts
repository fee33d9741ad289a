import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { demo, saveScreenshot, signIn, signUp, unique, viewerState } from './helpers';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar month `back` months before this one (the demo's fiscal year starts in January): key and label as Keel writes them. */
function month(back: number) {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return { key: first.toISOString().slice(0, 7), label: `${MONTHS[first.getUTCMonth()]} ${first.getUTCFullYear()}` };
}

const main = (page: Page) => page.getByRole('main');

/** No serious or critical accessibility violation on the page as it is now. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('the CEO opens the scorecard, switches the period, drills down to cost per acquisition, and exports CSV', async ({ page }) => {
  const last = month(1);
  await signIn(page, demo.owner, demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);

  // The first screen: the company, its goal with pace, the departments rolled up, what is red and what is stale.
  await expect(page.getByRole('heading', { level: 1, name: 'Acme' })).toBeVisible();
  await expect(main(page).getByText('Executive scorecard for')).toContainText(last.label);
  await expect(main(page).getByRole('heading', { name: 'Goals' })).toBeVisible();
  await expect(main(page).getByText('2,000 new paying members')).toBeVisible();
  // The demo's story (db/seed-performance.ts): sign-ups run a few percent under plan all year, so the goal is behind
  // its pace on every day but 1 January, when no value is dated in the year yet.
  const newYearsDay = new Date().toISOString().slice(5, 10) === '01-01';
  await expect(main(page).getByRole('progressbar', { name: 'Progress towards the target' })).toHaveAttribute(
    'aria-valuetext',
    newYearsDay ? '— of 2,000, no data' : /^[\d,]+ of 2,000 — pace [\d,]+ — behind$/,
  );
  const departments = main(page).getByRole('table', { name: /^Departments of Acme/ });
  for (const name of ['Marketing', 'Sales', 'HR', 'Customer Service']) await expect(departments.getByRole('link', { name, exact: true })).toBeVisible();
  // Status in words beside the colour.
  await expect(departments.getByRole('row', { name: /^Sales/ })).toContainText('Off track');
  const red = main(page).getByRole('region', { name: /^Off track/ });
  await expect(red.getByRole('link', { name: 'Agent sales, West', exact: true })).toBeVisible();
  await expect(red.getByText('Owner says on track').first()).toBeVisible();
  await expect(main(page).getByRole('region', { name: /^Stale/ })).toBeVisible();
  await expectAccessible(page);

  // Live: the scorecard's JSON is refetched without a reload.
  const refreshed = page.waitForResponse((r) => r.url().includes(`/scorecard/`) && r.url().includes(`/data?period=${last.key}`));
  await main(page).getByRole('button', { name: 'Refresh now' }).click();
  expect((await refreshed).status()).toBe(200);

  // Switch the period: the kind, then a month from the list; the URL keeps it.
  await page.getByRole('navigation', { name: 'Kind of period' }).getByRole('link', { name: 'Quarter' }).click();
  await expect(page).toHaveURL(new RegExp(`/${demo.slug}\\?period=\\d{4}-Q[1-4]$`));
  await expect(main(page).getByText('Executive scorecard for')).toContainText(/Q[1-4] \d{4}/);
  await page.getByRole('navigation', { name: 'Kind of period' }).getByRole('link', { name: 'Month' }).click();
  await expect(page).toHaveURL(`/${demo.slug}?period=${last.key}`);
  const before = month(2);
  await main(page).getByLabel('Period', { exact: true }).selectOption(before.key);
  await main(page).getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(`/${demo.slug}?period=${before.key}`);
  await expect(main(page).getByText('Executive scorecard for')).toContainText(before.label);
  await page.getByRole('link', { name: `Next period: ${last.label}` }).click();
  await expect(page).toHaveURL(`/${demo.slug}?period=${last.key}`);

  // A period that is not one says so, instead of failing.
  await page.goto(`/${demo.slug}?period=2026-13`);
  await expect(main(page).getByRole('alert')).toContainText('Month must be 01–12');

  // Drill down: company → Marketing → Paid Media, then back up and into cost per acquisition.
  await page.goto(`/${demo.slug}`);
  await main(page).getByRole('table', { name: /^Departments of Acme/ }).getByRole('link', { name: 'Marketing', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Marketing' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/${demo.slug}/scorecard/[0-9a-f-]{36}\\?period=${last.key}$`));
  await main(page).getByRole('table', { name: /^Teams of Marketing/ }).getByRole('link', { name: 'Paid Media', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paid Media' })).toBeVisible();
  await expect(main(page).getByText('Team scorecard for')).toContainText(last.label);
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumbs.getByRole('link')).toHaveText(['Acme', 'Marketing', 'Paid Media']);
  await expect(main(page).getByRole('table', { name: /^Paid Media KPIs/ }).getByRole('link', { name: 'Cost per click', exact: true })).toBeVisible();
  await saveScreenshot(page, 'scorecard-team');
  await crumbs.getByRole('link', { name: 'Marketing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Marketing' })).toBeVisible();
  await expectAccessible(page);

  const kpis = main(page).getByRole('table', { name: /^Marketing KPIs/ });
  const cpa = kpis.getByRole('row', { name: /^Cost per acquisition/ });
  await expect(cpa).toContainText('€');
  const kpiHref = await cpa.getByRole('link', { name: 'Cost per acquisition', exact: true }).getAttribute('href');
  const kpiId = kpiHref!.split('/').at(-1)!;
  // The explanation of the score (app/[org]/explain), for this KPI and period.
  await expect(cpa.getByRole('link', { name: `Why? Explain Cost per acquisition for ${last.label}` })).toHaveAttribute(
    'href',
    `/${demo.slug}/explain?kpi=${kpiId}&period=${last.key}`,
  );
  await expect(main(page).getByRole('link', { name: `Why? Explain Marketing’s score for ${last.label}` })).toHaveAttribute(
    'href',
    new RegExp(`^/${demo.slug}/explain\\?unit=[0-9a-f-]{36}&period=${last.key}$`),
  );

  // Export CSV of the Marketing scorecard: the whole subtree, escaped, RFC 4180.
  const download = page.waitForEvent('download');
  await main(page).getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`acme-marketing-scorecard-${last.key}.csv`);
  const csv = await readFile((await file.path())!, 'utf8');
  const lines = csv.replace(/^\ufeff/, '').split('\r\n');
  expect(lines[0]).toBe('row,period,unit_path,name,measure,currency,direction,actual,target,target_low,target_high,score,status,coverage,stale,target_from');
  expect(lines[1]).toMatch(new RegExp(`^unit,${last.key},Acme / Marketing,Marketing,,,,,,,,[\\d.]+,(On track|At risk|Off track),[\\d.]+,,$`));
  expect(lines.some((l) => l.startsWith('unit,') && l.includes(',Acme / Marketing / Paid Media,Paid Media,'))).toBe(true);
  expect(lines.find((l) => l.includes(',Cost per acquisition,'))).toMatch(
    // The demo's cost per acquisition is at risk in the last completed month, and its metrics are up to date (db/seed-performance.ts).
    new RegExp(`^kpi,${last.key},Acme / Marketing,Cost per acquisition,currency,EUR,down,[\\d.]+,60,,,[\\d.]+,At risk,,false,$`),
  );
  expect(lines.at(-1)).toBe('');

  // Into the KPI: its breadcrumb leads back through the unit scorecards.
  await cpa.getByRole('link', { name: 'Cost per acquisition', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cost per acquisition' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link')).toHaveText(['Acme', 'Marketing']);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Marketing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Marketing' })).toBeVisible();

  // The print view: no navigation, the same numbers.
  await main(page).getByRole('link', { name: 'Print view' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Marketing scorecard — ${last.label}` })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  // The printable width of A4 portrait with 12 mm margins: 186 mm ≈ 703 CSS px.
  await page.setViewportSize({ width: 703, height: 1032 });
  await expect(page.getByRole('navigation', { name: 'Organization' })).toBeHidden();
  await expect(main(page).getByRole('table', { name: /^Marketing KPIs/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
  await saveScreenshot(page, 'scorecard-print');
  await page.emulateMedia({ media: 'screen' });
});

test('a viewer sees the same scorecard, read-only', async ({ page, newPage }) => {
  await signIn(page, demo.owner, demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  const ownerScore = await main(page).getByTestId('unit-score').innerText();

  const viewer = await newPage({ storageState: viewerState });
  await viewer.goto(`/${demo.slug}`);
  await expect(viewer.getByRole('heading', { level: 1, name: 'Acme' })).toBeVisible();
  await expect(main(viewer).getByTestId('unit-score')).toHaveText(ownerScore);
  const departments = main(viewer).getByRole('table', { name: /^Departments of Acme/ });
  await expect(departments.getByRole('row')).toHaveCount(5);
  // Nothing to change on a scorecard: the only form is the period picker; no edit, draft or new-goal controls.
  await expect(main(viewer).locator('form')).toHaveCount(1);
  await expect(main(viewer).getByRole('link', { name: /^(Edit|Draft a KPI|New goal)/ })).toHaveCount(0);
  await departments.getByRole('link', { name: 'Marketing', exact: true }).click();
  await expect(viewer.getByRole('heading', { level: 1, name: 'Marketing' })).toBeVisible();
  await expect(main(viewer).getByRole('table', { name: /^Marketing KPIs/ }).getByRole('link', { name: 'Cost per acquisition', exact: true })).toBeVisible();
  await expect(main(viewer).locator('form')).toHaveCount(1);
  // Another organization's unit, or not a unit at all, is the same 404 as a page that does not exist.
  await viewer.goto(`/${demo.slug}/scorecard/not-a-unit`);
  await expect(viewer.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  const json = await viewer.request.get(`/${demo.slug}/scorecard/00000000-0000-4000-8000-000000000000/data`);
  expect(json.status()).toBe(404);
});

test("the CSV escapes a unit name a spreadsheet would run as a formula; another organization's unit is a 404", async ({ page }) => {
  const account = await signUp(page, { organizationName: `Formula ${unique()}` });
  await page.goto(`/${account.slug}/units`);
  const form = page.getByRole('form', { name: 'Add department' });
  await form.getByLabel('Name').fill('=1+2, "quoted"');
  await form.getByRole('button', { name: 'Add department' }).click();
  await expect(page.getByRole('link', { name: '=1+2, "quoted"' })).toBeVisible();

  await page.goto(`/${account.slug}`);
  const href = await main(page).getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const csv = await response.text();
  expect(csv).toContain(`,"'=1+2, ""quoted""",`);
  expect(csv).toContain(`,"${account.organizationName} / =1+2, ""quoted""",`);

  // A unit that is not this organization's, and an organization this person is not a member of: the same 404.
  const companyId = href!.split('/')[3]!;
  expect((await page.request.get(`/${account.slug}/scorecard/00000000-0000-4000-8000-000000000000/export`)).status()).toBe(404);
  expect((await page.request.get(`/${demo.slug}/scorecard/${companyId}/export`)).status()).toBe(404);
  expect((await page.request.get(`/${demo.slug}/scorecard/${companyId}/data`)).status()).toBe(404);
});
