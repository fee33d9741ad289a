import { expect, test } from './fixtures';
import { signIn, signUp, unique } from './helpers';

test("another organization's page is the same 404 as one that does not exist", async ({ page, newPage }) => {
  const other = await signUp(await newPage());
  await signUp(page);

  const foreign = await page.goto(`/${other.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  const foreignText = await page.getByRole('main').innerText();
  // Nothing of the other organization leaks into the page.
  await expect(page.getByText(other.organizationName)).toHaveCount(0);

  const missing = await page.goto(`/no-such-org-${unique()}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  const missingText = await page.getByRole('main').innerText();

  expect(foreign?.status()).toBe(404);
  expect(missing?.status()).toBe(404);
  expect(foreignText).toBe(missingText);
});

test("another organization's settings are a 404 too", async ({ page, newPage }) => {
  const other = await signUp(await newPage());
  await signUp(page);

  const response = await page.goto(`/${other.slug}/settings`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});

test('a signed-out visitor is sent to sign-in and comes back to the page', async ({ page: signUpPage, newPage }) => {
  const account = await signUp(signUpPage);
  // A browser that never signed in: clearing cookies races the signed-in page's own requests, which renew the session cookie.
  const page = await newPage();

  await page.goto(`/${account.slug}/settings`);
  await expect(page).toHaveURL(`/login?next=%2F${account.slug}%2Fsettings`);

  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(`/${account.slug}/settings`);
  await expect(page.getByRole('heading', { level: 1, name: 'Organization settings' })).toBeVisible();
});

test('the notification feed answers a signed-out caller with a JSON 404, not a sign-in page', async ({ request }) => {
  const response = await request.get('/acme/notifications/feed', { maxRedirects: 0 });
  expect(response.status()).toBe(404);
  expect(await response.json()).toEqual({ error: 'Not found' });
});
