import { expect, test } from './fixtures';
import { acceptAsNewPerson, addDepartment, demo, invitationLinkFor, invite, saveScreenshot, signIn, signUp, unitHead, uniqueEmail, viewerState } from './helpers';

test('an owner invites a department head, who builds a team and invites its lead', async ({ page, newPage }) => {
  test.slow();
  const owner = await signUp(page);
  await addDepartment(page, owner.slug, 'Marketing');

  const headEmail = uniqueEmail('head');
  await invite(page, owner.slug, { email: headEmail, role: 'Member', unit: '— Marketing', unitRole: unitHead });
  await expect(page.getByRole('table', { name: 'Open invitations' })).toContainText(headEmail);

  // The department head, in their own browser, reads the email and joins.
  const head = await newPage();
  await acceptAsNewPerson(head, await invitationLinkFor(headEmail), 'Hana Head', owner.slug);
  await expect(head.getByRole('heading', { level: 1, name: owner.organizationName, exact: true })).toBeVisible();

  await head.goto(`/${owner.slug}/units`);
  await head.getByRole('link', { name: 'Marketing' }).click();
  await expect(head.getByText('You head this')).toBeVisible();
  const addTeam = head.getByRole('form', { name: 'Add team' });
  await addTeam.getByLabel('Name').fill('Paid Media');
  await addTeam.getByRole('button', { name: 'Add team' }).click();
  await expect(head.getByRole('status').filter({ hasText: 'Paid Media created' })).toBeVisible();

  const leadEmail = uniqueEmail('lead');
  await invite(head, owner.slug, { email: leadEmail, role: 'Member', unit: '— — Paid Media', unitRole: unitHead });

  const lead = await newPage();
  await acceptAsNewPerson(lead, await invitationLinkFor(leadEmail), 'Leo Lead', owner.slug);
  await expect(lead.getByRole('heading', { level: 1, name: owner.organizationName, exact: true })).toBeVisible();
  await lead.goto(`/${owner.slug}/units`);
  await expect(lead.getByRole('treeitem').filter({ hasText: 'Paid Media' })).toContainText('Leo Lead');

  // The owner was told about both arrivals.
  await page.reload();
  await expect(page.getByRole('button', { name: /Notifications, \d+ unread/ })).toBeVisible();
  // A used link says so.
  await lead.goto(await invitationLinkFor(leadEmail));
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
