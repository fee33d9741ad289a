import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createFormulaKpi, createMetric, saveScreenshot, signIn, signInError, signUp, testNetIp } from './helpers';
import { linkPath, mailTo } from './mail';

/** The reset link's path in the `nth` reset email to `email` (0 = the first). */
async function resetLinkFor(email: string, nth = 0): Promise<string> {
  return linkPath(await mailTo(email, /^Reset your Keel password$/, nth), /^\/reset-password\/[A-Za-z0-9_-]{43}$/);
}

async function askForReset(page: Page, email: string) {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account exists for' })).toBeVisible();
}

test('forgot password: the emailed link sets a new password, once; the old password stops working', async ({ page, newPage }) => {
  const account = await signUp(page);
  // A second device, still signed in with the old password.
  const other = await newPage({ extraHTTPHeaders: { 'x-forwarded-for': testNetIp() } });
  await signIn(other, account.email, account.password);
  await expect(other).toHaveURL(`/${account.slug}`);

  const signedOut = await newPage({ extraHTTPHeaders: { 'x-forwarded-for': testNetIp() } });
  // An unknown email gets the very same answer.
  await askForReset(signedOut, `nobody-${account.email}`);
  await askForReset(signedOut, account.email);
  const link = await resetLinkFor(account.email);

  await signedOut.goto(link);
  await expect(signedOut.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  // A weak password is refused next to its field.
  await signedOut.getByLabel('New password', { exact: true }).fill('short');
  await signedOut.getByLabel('Repeat the new password').fill('short');
  await signedOut.getByRole('button', { name: 'Set new password' }).click();
  await expect(signedOut.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/Use at least 10 characters/);

  const newPassword = 'a fresh new password';
  await signedOut.getByLabel('New password', { exact: true }).fill(newPassword);
  await signedOut.getByLabel('Repeat the new password').fill(newPassword);
  await signedOut.getByRole('button', { name: 'Set new password' }).click();
  await expect(signedOut).toHaveURL(`/${account.slug}`);

  // The other device's session ended.
  await other.reload();
  await expect(other).toHaveURL(/\/login/);

  // The link worked once.
  await signedOut.goto(link);
  await expect(signedOut.getByRole('heading', { level: 1, name: 'This reset link was already used' })).toBeVisible();

  const fresh = await newPage({ extraHTTPHeaders: { 'x-forwarded-for': testNetIp() } });
  await signIn(fresh, account.email, account.password);
  await expect(signInError(fresh)).toHaveText('Invalid email or password');
  await signIn(fresh, account.email, newPassword);
  await expect(fresh).toHaveURL(`/${account.slug}`);
});

test('a superseded reset link gets its own page', async ({ page, newPage }) => {
  const account = await signUp(page);
  const signedOut = await newPage({ extraHTTPHeaders: { 'x-forwarded-for': testNetIp() } });
  await askForReset(signedOut, account.email);
  const first = await resetLinkFor(account.email);
  await askForReset(signedOut, account.email);
  const second = await resetLinkFor(account.email, 1);
  expect(second).not.toBe(first);
  await signedOut.goto(first);
  await expect(signedOut.getByRole('heading', { level: 1, name: 'A newer reset link was sent' })).toBeVisible();
  await signedOut.goto('/reset-password/not-a-real-token');
  await expect(signedOut.getByRole('heading', { level: 1, name: 'This reset link is not valid' })).toBeVisible();
});

test('the account page: rename, change password, and the last owner cannot leave', async ({ page }) => {
  const account = await signUp(page);
  await page.locator('summary', { hasText: 'Account menu' }).click();
  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('link', { name: account.organizationName })).toBeVisible();
  await saveScreenshot(page, 'account');

  await page.getByLabel('Name').fill('Robin Renamed');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your name was saved' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill('not my password');
  await form.getByLabel('New password', { exact: true }).fill('another long password');
  await form.getByLabel('Repeat the new password').fill('another long password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByLabel('Current password')).toHaveAccessibleDescription('Your current password is not right');
  await form.getByLabel('Current password').fill(account.password);
  await form.getByLabel('New password', { exact: true }).fill('another long password');
  await form.getByLabel('Repeat the new password').fill('another long password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password was changed. Every other session has ended.')).toBeVisible();

  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await page.getByRole('button', { name: `Leave ${account.organizationName}` }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('You are the last owner');
});

/** The label of the quarter containing today, for a fiscal year starting in `startMonth` (1–12), as lib/periods names it. */
function currentQuarterLabel(startMonth: number, today = new Date()): string {
  const month = today.getUTCMonth();
  const index = (month - (startMonth - 1) + 12) % 12;
  const quarter = Math.floor(index / 3) + 1;
  const fiscalYear = startMonth === 1 || month < startMonth - 1 ? today.getUTCFullYear() : today.getUTCFullYear() + 1;
  return startMonth === 1 ? `Q${quarter} ${fiscalYear}` : `Q${quarter} FY${fiscalYear}`;
}

test('an owner moves the fiscal year start and the quarters of a KPI shift', async ({ page }) => {
  const account = await signUp(page);
  await createMetric(page, account.slug, { name: 'Revenue' });
  const kpiUrl = await createFormulaKpi(page, account.slug, { name: 'Revenue', formula: '{revenue}', frequency: 'Quarterly' });
  const setStart = async (label: string) => {
    await page.goto(`/${account.slug}/settings`);
    await page.getByLabel('Fiscal year starts in').selectOption({ label });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  };
  const inProgress = async () => {
    await page.goto(kpiUrl);
    return page.getByRole('table', { name: /Results per quarter/ }).getByRole('row').filter({ hasText: 'in progress' });
  };
  await expect(await inProgress()).toContainText(currentQuarterLabel(1));
  await setStart('April');
  await expect(await inProgress()).toContainText(currentQuarterLabel(4));
  await page.goto(`/${account.slug}/settings`);
  await saveScreenshot(page, 'settings');
  await setStart('January');
  await expect(await inProgress()).toContainText(currentQuarterLabel(1));
});

test('a new web address: old links redirect, a reserved one is refused with a suggestion', async ({ page }) => {
  const account = await signUp(page);
  await page.goto(`/${account.slug}/settings`);
  const address = page.getByRole('form', { name: 'Web address' });
  await address.getByLabel('Web address').fill('account');
  await address.getByRole('button', { name: 'Change address' }).click();
  await expect(address.getByLabel('Web address')).toHaveAccessibleDescription(/reserved.*Try “org-account”/);
  const next = `${account.slug}-moved`;
  await address.getByLabel('Web address').fill(next);
  await address.getByRole('button', { name: 'Change address' }).click();
  await expect(page).toHaveURL(`/${next}/settings?moved=1`);
  await page.goto(`/${account.slug}/people`);
  await expect(page).toHaveURL(`/${next}/people`);
});

test('an owner downloads the export, then deletes the organization after typing its name', async ({ page }) => {
  const account = await signUp(page);
  await page.goto(`/${account.slug}/settings`);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download export (.zip)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${account.slug}-export-\\d{4}-\\d{2}-\\d{2}\\.zip$`));

  await page.getByRole('button', { name: 'Delete organization' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(`Type ${account.organizationName} to confirm`).fill('not the name');
  await dialog.getByRole('button', { name: 'Delete for good' }).click();
  await expect(dialog.getByLabel(`Type ${account.organizationName} to confirm`)).toHaveAccessibleDescription(/exactly to confirm/);
  await dialog.getByLabel(`Type ${account.organizationName} to confirm`).fill(account.organizationName);
  await dialog.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page).toHaveURL('/account?deleted=1');
  await expect(page.getByText('The organization was deleted.')).toBeVisible();
  await page.goto(`/${account.slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');

  expect((await mailTo(account.email, /was deleted from Keel$/)).subject).toBe(`${account.organizationName} was deleted from Keel`);
});
