import { expect, test } from './fixtures';
import { signIn, signOut, signUp } from './helpers';

test('"Sign out everywhere" ends the sessions on other devices', async ({ page, newPage }) => {
  const account = await signUp(page);
  const laptop = await newPage();
  await signIn(laptop, account.email, account.password);
  await expect(laptop).toHaveURL(`/${account.slug}`);

  await signOut(page, { everywhere: true });
  await expect(page.getByRole('status')).toHaveText('You are signed out on every device.');

  // The laptop's token is still well-formed, so the proxy lets it through; the page itself refuses
  // it and, after a fresh sign-in, returns to the page that was asked for.
  await laptop.goto(`/${account.slug}/settings`);
  await expect(laptop).toHaveURL(`/login?next=%2F${account.slug}%2Fsettings`);
  await signIn(laptop, account.email, account.password);
  await expect(laptop).toHaveURL(`/${account.slug}/settings`);

  // Signing in again afterwards works as usual.
  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(`/${account.slug}`);
});

test('"Sign out" ends only this browser\'s session', async ({ page, newPage }) => {
  const account = await signUp(page);
  const laptop = await newPage();
  await signIn(laptop, account.email, account.password);
  await expect(laptop).toHaveURL(`/${account.slug}`);

  await signOut(page);
  await page.goto(`/${account.slug}`);
  await expect(page).toHaveURL(`/login?next=%2F${account.slug}`);

  await laptop.reload();
  await expect(laptop.getByRole('heading', { level: 1, name: account.organizationName })).toBeVisible();
});
