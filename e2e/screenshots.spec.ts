import { expect, test } from './fixtures';
import { demo, saveScreenshot, signIn, signUp } from './helpers';

// Full-page pictures for a human to look at: test-results/screenshots/*.png (gitignored).

test('sign-in page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await saveScreenshot(page, 'sign-in');
});

test('sign-up page with errors', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
  await saveScreenshot(page, 'sign-up-errors');
});

test('overview and settings', async ({ page }) => {
  const account = await signUp(page, { name: 'Robin Example', organizationName: 'Harbor Logistics' });
  await saveScreenshot(page, 'overview');

  await page.goto(`/${account.slug}/settings`);
  await expect(page.getByRole('heading', { level: 1, name: 'Organization settings' })).toBeVisible();
  await saveScreenshot(page, 'settings');
});

test('the quarter and year-to-date scorecards score every department and mark derived targets', async ({ page }) => {
  await signIn(page, demo.owner, demo.password);
  // Signing in ends on the executive scorecard; a navigation started before that would be aborted.
  await expect(page).toHaveURL(`/${demo.slug}`);
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const kind of ['Quarter', 'Year to date'] as const) {
    await page.goto(`/${demo.slug}`);
    await page.getByRole('navigation', { name: 'Kind of period' }).getByRole('link', { name: kind, exact: true }).click();
    await expect(page.getByRole('navigation', { name: 'Kind of period' }).getByRole('link', { name: kind, exact: true })).toHaveAttribute('aria-current', 'true');
    await expect(page.getByText(/from \d+ monthly targets/).first()).toBeVisible();
    await saveScreenshot(page, `scorecard-${kind === 'Quarter' ? 'quarter' : 'ytd'}`);
  }
});

test('executive and unit scorecards at 1440 and 390 px wide', async ({ page }) => {
  await signIn(page, demo.owner, demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`/${demo.slug}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Acme' })).toBeVisible();
    await expect(page.getByTestId('unit-score')).toBeVisible();
    // Nothing wider than the window: tables turn into cards on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await saveScreenshot(page, `scorecard-executive-${width}`);
    await page.getByRole('main').getByRole('link', { name: 'Marketing', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Marketing' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await saveScreenshot(page, `scorecard-marketing-${width}`);
  }
});

test('the executive scorecard printed on A4', async ({ page }) => {
  await signIn(page, demo.owner, demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  await page.getByRole('main').getByRole('link', { name: 'Print view' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Acme scorecard — / })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  // A4 portrait less 12 mm margins: 186 × 273 mm ≈ 703 × 1032 CSS px.
  await page.setViewportSize({ width: 703, height: 1032 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
  await saveScreenshot(page, 'scorecard-print-a4');
});
