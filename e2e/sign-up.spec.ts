import { expect, test } from './fixtures';
import { signUp, unique, uniqueEmail } from './helpers';
import { mailTo } from './mail';

test('signing up lands in the new organization, at a slug made from its name', async ({ page }) => {
  const n = unique();
  const account = await signUp(page, { organizationName: `Harbor Logistics ${n}` });

  expect(account.slug).toBe(`harbor-logistics-${n}`);
  await expect(page).toHaveURL(`/harbor-logistics-${n}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Harbor Logistics ${n}`);
});

test('a second organization with the same name gets its own slug', async ({ page: firstPage, newPage }) => {
  const organizationName = `Harbor Logistics ${unique()}`;
  const first = await signUp(firstPage, { organizationName });
  const page = await newPage();

  const second = await signUp(page, { organizationName });

  expect(second.slug).not.toBe(first.slug);
  expect(second.slug).toBe(`${first.slug}-2`);
  await expect(page).toHaveURL(`/${second.slug}`);
});

test('sign-up explains every invalid field', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create organization' }).click();

  await expect(page.getByLabel('Your name')).toHaveAccessibleDescription('Enter your name');
  await expect(page.getByLabel('Work email')).toHaveAccessibleDescription(/Enter a valid email address/);
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/Use at least 10 characters/);
  await expect(page.getByLabel('Organization name')).toHaveAccessibleDescription('Enter the organization’s name');
  await expect(page).toHaveURL('/signup');
});

test('signing up with an email that has an account answers as for a new one, and tells that person by email', async ({ page, newPage }) => {
  const existing = await signUp(page);
  const answerFor = async (email: string) => {
    const visitor = await newPage();
    await visitor.goto('/signup');
    await visitor.getByLabel('Your name').fill('Someone Else');
    await visitor.getByLabel('Work email').fill(email);
    await visitor.getByLabel('Password').fill('another long passphrase');
    await visitor.getByLabel('Organization name').fill(`Org ${unique()}`);
    await visitor.getByRole('button', { name: 'Create organization' }).click();
    const answer = visitor.getByRole('status');
    await expect(answer).toContainText('Check your inbox at');
    return (await answer.textContent())!.replace(email, '<email>');
  };

  const fresh = uniqueEmail('fresh');
  expect(await answerFor(existing.email)).toBe(await answerFor(fresh));
  const told = await mailTo(existing.email, /^You already have a Keel account$/);
  expect(told.text).toContain(`Hello ${existing.name},`);
  await mailTo(fresh, /^Finish creating /);
});
