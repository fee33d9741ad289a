import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { demo, saveScreenshot, signIn, signUp, uniqueEmail, viewerState } from './helpers';

/** Opens the newest message to `email` in the development mailbox and returns its invitation link. */
async function invitationLinkFor(page: Page, email: string): Promise<string> {
  await page.goto('/dev/mailbox');
  await page.getByRole('row').filter({ hasText: `to ${email}` }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 2 })).toContainText('invited you to');
  const href = await page.locator('a[href*="/invite/"]').first().getAttribute('href');
  expect(href).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return new URL(href!).pathname;
}

async function acceptAsNewPerson(page: Page, link: string, name: string, slug: string) {
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Join');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account and join' }).click();
  // Signed in and in the organization (the invitation page's "Join <name>" heading would match the name too).
  await expect(page).toHaveURL(`/${slug}`);
}

async function invite(page: Page, slug: string, input: { email: string; role: string; unit: string; unitRole: string }) {
  await page.goto(`/${slug}/people`);
  const form = page.getByRole('form', { name: 'Invite someone' });
  await form.getByLabel('Email').fill(input.email);
  await form.getByLabel('Role in the organization').selectOption({ label: input.role });
  await form.getByLabel(/^Unit/).selectOption({ label: input.unit });
  await form.getByLabel('Role in the unit').selectOption({ label: input.unitRole });
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${input.email}` })).toBeVisible();
}

test('an owner invites a department head, who builds a team and invites its lead', async ({ page, newPage }) => {
  test.slow();
  const owner = await signUp(page);
  await page.goto(`/${owner.slug}/units`);
  const addDepartment = page.getByRole('form', { name: 'Add department' });
  await addDepartment.getByLabel('Name').fill('Marketing');
  await addDepartment.getByRole('button', { name: 'Add department' }).click();
  await expect(page.getByRole('treeitem').filter({ hasText: 'Marketing' })).toBeVisible();

  const headEmail = uniqueEmail('head');
  await invite(page, owner.slug, { email: headEmail, role: 'Member', unit: '— Marketing', unitRole: 'Head (department head or team lead)' });
  await expect(page.getByRole('table', { name: 'Open invitations' })).toContainText(headEmail);

  // The department head, in their own browser, reads the email and joins.
  const head = await newPage();
  await acceptAsNewPerson(head, await invitationLinkFor(head, headEmail), 'Hana Head', owner.slug);
  await expect(head.getByRole('heading', { level: 1, name: owner.organizationName, exact: true })).toBeVisible();

  await head.goto(`/${owner.slug}/units`);
  await head.getByRole('link', { name: 'Marketing' }).click();
  await expect(head.getByText('You head this')).toBeVisible();
  const addTeam = head.getByRole('form', { name: 'Add team' });
  await addTeam.getByLabel('Name').fill('Paid Media');
  await addTeam.getByRole('button', { name: 'Add team' }).click();
  await expect(head.getByRole('status').filter({ hasText: 'Paid Media created' })).toBeVisible();

  const leadEmail = uniqueEmail('lead');
  await invite(head, owner.slug, { email: leadEmail, role: 'Member', unit: '— — Paid Media', unitRole: 'Head (department head or team lead)' });

  const lead = await newPage();
  await acceptAsNewPerson(lead, await invitationLinkFor(lead, leadEmail), 'Leo Lead', owner.slug);
  await expect(lead.getByRole('heading', { level: 1, name: owner.organizationName, exact: true })).toBeVisible();
  await lead.goto(`/${owner.slug}/units`);
  await expect(lead.getByRole('treeitem').filter({ hasText: 'Paid Media' })).toContainText('Leo Lead');

  // The owner was told about both arrivals.
  await page.reload();
  await expect(page.getByRole('button', { name: /Notifications, \d+ unread/ })).toBeVisible();
  // A used link says so.
  await lead.goto(await invitationLinkFor(lead, leadEmail));
  await expect(lead.getByRole('heading', { level: 1 })).toHaveText('This invitation was already used');
});

test('a member cannot open the people admin', async ({ page }) => {
  await signIn(page, 'analyst@acme.test', demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  await expect(page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'People' })).toHaveCount(0);
  await page.goto(`/${demo.slug}/people`);
  await expect(page.getByRole('alert').filter({ hasText: 'You are not allowed to manage people' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Invite someone' })).toHaveCount(0);
});

test.describe('as a viewer', () => {
  test.use({ storageState: viewerState });

  test('sees the structure read-only', async ({ page }) => {
    await page.goto(`/${demo.slug}/units`);
    for (const unit of ['Marketing', 'Paid Media', 'Agents East', 'Customer Service']) {
      await expect(page.getByRole('treeitem').filter({ hasText: unit }).first()).toBeVisible();
    }
    await expect(page.getByRole('form')).toHaveCount(0);
    await page.getByRole('link', { name: 'Marketing' }).click();
    await expect(page.getByText('Priya Nair')).toBeVisible();
    await expect(page.getByRole('form')).toHaveCount(0);
  });
});

test('screenshots of the people page and the unit tree', async ({ page }) => {
  await signIn(page, 'ceo@acme.test', demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  await page.goto(`/${demo.slug}/people`);
  await expect(page.getByRole('table', { name: 'Members' })).toContainText('Priya Nair');
  await saveScreenshot(page, 'people');
  await page.goto(`/${demo.slug}/units`);
  await expect(page.getByRole('treeitem').filter({ hasText: 'Agents West' })).toBeVisible();
  await saveScreenshot(page, 'units');
  await page.goto(`/${demo.slug}/audit`);
  await expect(page.getByRole('table', { name: 'Audit log entries' })).toBeVisible();
  await saveScreenshot(page, 'audit');
});
