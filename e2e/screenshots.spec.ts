import { expect, test } from './fixtures';
import { saveScreenshot, signUp } from './helpers';

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
