import { expect, test } from './fixtures';
import { signIn, signInError, signOut, signUp, uniqueEmail } from './helpers';

test('signing out and back in returns to the organization', async ({ page }) => {
  const account = await signUp(page);

  await signOut(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Keel' })).toBeVisible();

  // Signed out for real: the organization now asks for sign-in.
  await page.goto(`/${account.slug}`);
  await expect(page).toHaveURL(`/login?next=%2F${account.slug}`);

  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(`/${account.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: account.organizationName })).toBeVisible();
});

test('a wrong password and an unknown email get the same answer', async ({ page: signUpPage, newPage }) => {
  const account = await signUp(signUpPage);
  // A browser that never signed in: clearing cookies races the signed-in page's own session renewals.
  const page = await newPage();

  await signIn(page, account.email, 'not the password');
  await expect(signInError(page)).toHaveText('Invalid email or password');
  const wrongPassword = await signInError(page).textContent();

  await page.goto('/login');
  await signIn(page, uniqueEmail('nobody'), 'not the password');
  await expect(signInError(page)).toHaveText('Invalid email or password');
  const unknownEmail = await signInError(page).textContent();

  expect(unknownEmail).toBe(wrongPassword);
  await expect(page).toHaveURL('/login');
});
