import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { demo, saveScreenshot, signIn, viewerState } from './helpers';

/** "€1,234.50" / "1,412" / "0.7467" → number. */
const numberIn = (text: string) => Number(text.replace(/[^\d.-]/g, ''));

/** The value of a <dt>/<dd> fact in a region. */
const fact = (region: Locator, term: string) => region.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]').first();

async function openCostPerAcquisition(page: Page) {
  await page.goto(`/${demo.slug}/kpis`);
  await page.getByRole('link', { name: 'Cost per acquisition', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cost per acquisition' })).toBeVisible();
}

test.describe('explain any number', () => {
  test('the CEO opens why cost per acquisition scores as it does, and the numbers add up', async ({ page }) => {
    await signIn(page, demo.owner, demo.password);
    await expect(page).toHaveURL(`/${demo.slug}`);
    await openCostPerAcquisition(page);

    // The KPI page's own result for the last completed month, computed by lib/kpis/results.
    const latest = page.locator('section[aria-labelledby="latest"]');
    const pageActual = numberIn(await fact(latest, 'Actual').innerText());
    const why = page.getByRole('region', { name: /^Why this score/ });
    await expect(why).toBeVisible();
    // The same tree on the KPI page, for the same period, with the same actual.
    expect(numberIn(await fact(why, 'Actual').innerText())).toBeCloseTo(pageActual, 2);
    await why.screenshot({ path: 'test-results/screenshots/kpi-why-this-score.png' });
    await why.getByRole('link', { name: 'Open the full explanation' }).click();

    await expect(page).toHaveURL(new RegExp(`/${demo.slug}/explain\\?kpi=[0-9a-f-]{36}&period=\\d{4}-\\d{2}$`));
    await expect(page.getByRole('heading', { level: 1, name: /^Why Cost per acquisition scores/ })).toBeVisible();
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    await expect(crumbs.getByRole('link', { name: 'Scorecard' })).toBeVisible();
    await expect(crumbs.getByRole('link', { name: 'Marketing' })).toHaveAttribute('href', new RegExp(`^/${demo.slug}/scorecard/[0-9a-f-]{36}\\?period=\\d{4}-\\d{2}$`));
    await expect(crumbs.getByRole('link', { name: 'Cost per acquisition' })).toHaveAttribute('href', new RegExp(`^/${demo.slug}/kpis/`));

    const tree = page.getByRole('region', { name: 'Cost per acquisition' }).first();
    const actual = numberIn(await fact(tree, 'Actual').innerText());
    expect(actual).toBeCloseTo(pageActual, 2);
    await expect(tree.getByText('{ad_spend} / {paid_signups}', { exact: true })).toBeVisible();

    // The inputs: open each metric's values per date and redo the formula from them (both metrics are sums).
    const sumOf = async (metric: string) => {
      await tree.locator('summary', { hasText: `of ${metric}` }).click();
      const table = tree.getByRole('table', { name: `Values of ${metric} per date, with who entered them` });
      await expect(table).toBeVisible();
      const cells = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(cells.length).toBeGreaterThan(0);
      // Who entered each value is named (a person or an API token).
      for (const who of await table.locator('tbody tr td:nth-child(3)').allInnerTexts()) expect(who.trim()).not.toBe('');
      return cells.map(numberIn).reduce((s, x) => s + x, 0);
    };
    const spend = await sumOf('Ad spend');
    const signups = await sumOf('Paid sign-ups');
    expect(spend / signups).toBeCloseTo(actual, 1);

    // Down with a baseline: (a − b) / (t − b) with the numbers, equal to the score shown.
    const expression = await tree.getByLabel(/^Calculation: /).first().innerText();
    const m = /^\(([\d,.]+) − ([\d,.]+)\) \/ \(([\d,.]+) − ([\d,.]+)\) = ([\d.]+)/.exec(expression);
    expect(m, expression).not.toBeNull();
    const [a, b, t, b2, raw] = m!.slice(1).map(numberIn) as [number, number, number, number, number];
    expect(a).toBeCloseTo(actual, 1);
    expect(b2).toBe(b);
    expect((a - b) / (t - b)).toBeCloseTo(raw, 3);
    const score = await fact(tree, 'Score').innerText();
    expect(numberIn(score.split('(')[1]!)).toBeCloseTo(Math.min(raw, 1.2), 3);
    await expect(tree.getByText('At risk').first()).toBeVisible();

    await page.setViewportSize({ width: 1440, height: 900 });
    await saveScreenshot(page, 'explain-kpi-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'explain-kpi-390');
  });

  test("a unit's roll-up lists its entries with weights, and Σ w·s / Σ w is the score shown", async ({ page }) => {
    await signIn(page, demo.owner, demo.password);
    await expect(page).toHaveURL(`/${demo.slug}`);
    await openCostPerAcquisition(page);
    await page.getByRole('region', { name: /^Why this score/ }).getByRole('link', { name: 'Open the full explanation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Why Cost per acquisition scores/ })).toBeVisible();
    const scorecard = await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Marketing' }).getAttribute('href');
    const [, unitId, period] = /\/scorecard\/([0-9a-f-]{36})\?period=(.+)$/.exec(scorecard!)!;

    await page.goto(`/${demo.slug}/explain?unit=${unitId}&period=${period}`);
    await expect(page.getByRole('heading', { level: 1, name: /^Why Marketing scores/ })).toBeVisible();
    const table = page.getByRole('table', { name: 'What goes into the score of Marketing' });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.some((r) => r[0]!.includes('Cost per acquisition'))).toBe(true);
    const counted = rows.filter((r) => r[4] === 'Counted').map((r) => ({ weight: numberIn(r[1]!), score: numberIn(r[2]!) }));
    expect(counted.length).toBeGreaterThan(0);
    const expected = counted.reduce((s, e) => s + e.weight * e.score, 0) / counted.reduce((s, e) => s + e.weight, 0);
    const region = page.getByRole('region', { name: 'Marketing' }).first();
    const shown = await fact(region, 'Rolled-up score').innerText();
    expect(numberIn(shown.split('(')[1]!)).toBeCloseTo(expected, 3);
    await expect(fact(region, 'KPIs with a score')).toHaveText(/^\d+ of \d+$/);
    // Child units (teams) are explained one level down and link to their own explanation.
    await expect(page.getByRole('heading', { level: 3 }).getByRole('link').first()).toHaveAttribute('href', new RegExp(`/explain\\?unit=`));

    await page.setViewportSize({ width: 1440, height: 900 });
    await saveScreenshot(page, 'explain-unit-1440');
  });

  test('an unknown KPI or unit is a clear not-found, and so is a malformed id', async ({ page }) => {
    await signIn(page, demo.owner, demo.password);
    await expect(page).toHaveURL(`/${demo.slug}`);
    // The organization's loading state streams the page, so the status stays 200 (as on every page under it): the message is what counts.
    for (const query of ['kpi=00000000-0000-4000-8000-000000000000', 'unit=00000000-0000-4000-8000-000000000000', 'kpi=nope']) {
      await page.goto(`/${demo.slug}/explain?${query}`);
      await expect(page.getByRole('heading', { level: 1, name: 'No score to explain' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Back to the scorecard' })).toHaveAttribute('href', `/${demo.slug}/scorecard`);
    }
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: viewerState });
  test('the board member reads the same explanation', async ({ page }) => {
    await openCostPerAcquisition(page);
    await page.getByRole('region', { name: /^Why this score/ }).getByRole('link', { name: 'Open the full explanation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Why Cost per acquisition scores/ })).toBeVisible();
    await expect(page.getByText('{ad_spend} / {paid_signups}', { exact: true })).toBeVisible();
  });
});
