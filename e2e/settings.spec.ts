import { expect, test } from './fixtures';
import { demo, signUp, unique, viewerState } from './helpers';

test('the owner renames the organization and sets the fiscal year', async ({ page }) => {
  const account = await signUp(page);
  await page.goto(`/${account.slug}/settings`);

  const newName = `Renamed ${unique()}`;
  await page.getByLabel('Organization name').fill(newName);
  await page.getByLabel('Fiscal year starts in').selectOption({ label: 'April' });
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Organization name')).toHaveValue(newName);
  await expect(page.getByLabel('Fiscal year starts in')).toHaveValue('4');

  // The slug stays; the overview shows the new name and month.
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page).toHaveURL(`/${account.slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(newName);
  await expect(page.getByText('fiscal year starts in April')).toBeVisible();
});

test('an empty organization name is refused with an error tied to the field', async ({ page }) => {
  const account = await signUp(page);
  await page.goto(`/${account.slug}/settings`);

  await page.getByLabel('Organization name').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();

  const name = page.getByLabel('Organization name');
  await expect(page.getByText('Enter the organization’s name')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  const errorId = await page.getByText('Enter the organization’s name').getAttribute('id');
  expect(errorId).toBeTruthy();
  await expect(name).toHaveAttribute('aria-describedby', new RegExp(`(^| )${errorId}( |$)`));
  await expect(name).toHaveAccessibleDescription('Enter the organization’s name');

  // Nothing was saved.
  await page.reload();
  await expect(page.getByLabel('Organization name')).toHaveValue(account.organizationName);
});

test.describe('as a viewer', () => {
  test.use({ storageState: viewerState });

  test('the settings are read-only', async ({ page }) => {
    await page.goto(`/${demo.slug}/settings`);

    await expect(page.getByRole('heading', { level: 1, name: 'Organization settings' })).toBeVisible();
    await expect(page.getByText('Only owners and admins can change these settings.')).toBeVisible();
    await expect(page.getByLabel('Organization name')).toBeDisabled();
    await expect(page.getByLabel('Fiscal year starts in')).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  });
});
