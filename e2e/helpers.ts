import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { linkPath, mailTo } from './mail';

/** The demo organization seeded into the empty e2e database (db/seed.ts): specs only read it. */
export const demo = {
  slug: 'acme',
  password: 'keel-demo-2026',
  viewer: 'board@acme.test',
  owner: 'ceo@acme.test',
} as const;

/** Saved sessions, one per demo role, written by auth.setup.ts (gitignored). */
export const viewerState = path.join(import.meta.dirname, '.auth', 'viewer.json');

const screenshotDir = path.join(import.meta.dirname, '..', 'test-results', 'screenshots');

/** A short token that makes names, emails and addresses unique within and across runs. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

export function uniqueEmail(prefix = 'person'): string {
  return `${prefix}-${unique()}@e2e.test`;
}

/** An address from TEST-NET-3 (RFC 5737), so a spec gets its own per-IP sign-in bucket. */
export function testNetIp(): string {
  return `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
}

export type Account = { name: string; email: string; password: string; organizationName: string; slug: string };

/** Signs up through /signup and waits for the new organization's overview. */
export async function signUp(page: Page, input: Partial<Omit<Account, 'slug'>> = {}): Promise<Account> {
  const account = {
    name: input.name ?? 'Robin Example',
    email: input.email ?? uniqueEmail(),
    password: input.password ?? 'correct horse battery',
    organizationName: input.organizationName ?? `Org ${unique()}`,
  };
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Work email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByLabel('Organization name').fill(account.organizationName);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('status')).toContainText(`Check your inbox at ${account.email}`);
  // Nothing exists until the emailed link is opened and the password entered again.
  const confirmation = await mailTo(account.email, /^Finish creating /);
  await page.goto(linkPath(confirmation, /^\/signup\/confirm\/[\w.-]+$/));
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
  // The link's page is headed "Create <name>": wait for the organization itself.
  await expect(page).not.toHaveURL(/\/signup\//);
  await expect(page.getByRole('heading', { level: 1, name: account.organizationName, exact: true })).toBeVisible();
  const slug = new URL(page.url()).pathname.slice(1);
  expect(slug).toMatch(/^[a-z0-9-]+$/);
  return { ...account, slug };
}

/** Fills and submits the sign-in form on the current /login page (opens /login first when elsewhere). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  const form = signInForm(page);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

export function signInForm(page: Page) {
  return page.getByRole('form', { name: 'Sign in' });
}

/** The form's own alert; Next's route announcer is a second role="alert" on every page. */
export function signInError(page: Page) {
  return signInForm(page).getByRole('alert');
}

/** Opens the account menu (a <details> disclosure) and presses one of its buttons. */
export async function signOut(page: Page, { everywhere = false } = {}): Promise<void> {
  await page.locator('summary', { hasText: 'Account menu' }).click();
  await page.getByRole('button', { name: everywhere ? 'Sign out everywhere' : 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(everywhere ? '/login?signedOut=everywhere' : '/login');
}

/** The invitation link's path in the first invitation emailed to `email`. */
export async function invitationLinkFor(email: string): Promise<string> {
  return linkPath(await mailTo(email, /invited you to/), /^\/invite\/[A-Za-z0-9_-]{43}$/);
}

/** Accepts an invitation as someone without an account, who is then signed in and in the organization. */
export async function acceptAsNewPerson(page: Page, link: string, name: string, slug: string, password = 'a long enough password'): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Join');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  // Signed in and in the organization (the invitation page's "Join <name>" heading would match the name too).
  await expect(page).toHaveURL(`/${slug}`);
}

export type Invitation = { email: string; role: 'Member' | 'Admin' | 'Viewer'; unit: string; unitRole: string };

/** Sends an invitation from the people page; `unit` is the option's label, indented by depth ("— Marketing"). */
export async function invite(page: Page, slug: string, input: Invitation): Promise<void> {
  await page.goto(`/${slug}/people`);
  const form = page.getByRole('form', { name: 'Invite someone' });
  await form.getByLabel('Email').fill(input.email);
  await form.getByLabel('Role in the organization').selectOption({ label: input.role });
  await form.getByLabel(/^Unit/).selectOption({ label: input.unit });
  await form.getByLabel('Role in the unit').selectOption({ label: input.unitRole });
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${input.email}` })).toBeVisible();
}

export const unitHead = 'Head (department head or team lead)';

/**
 * Brings a new person into an organization the way the product does: an
 * invitation from `inviter`, read from the mailbox and accepted in `page` (a
 * browser of their own), which ends signed in as them.
 */
export async function addPerson(
  inviter: Page,
  page: Page,
  slug: string,
  person: { name: string; role?: Invitation['role']; unit: string; unitRole?: string },
): Promise<{ name: string; email: string }> {
  const email = uniqueEmail(person.name.toLowerCase().replace(/[^a-z]+/g, '-'));
  await invite(inviter, slug, { email, role: person.role ?? 'Member', unit: person.unit, unitRole: person.unitRole ?? unitHead });
  await acceptAsNewPerson(page, await invitationLinkFor(email), person.name, slug);
  return { name: person.name, email };
}

/** Adds a department under the company on the units page. */
export async function addDepartment(page: Page, slug: string, name: string): Promise<void> {
  await page.goto(`/${slug}/units`);
  const form = page.getByRole('form', { name: 'Add department' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Add department' }).click();
  await expect(page.getByRole('treeitem').filter({ hasText: name })).toBeVisible();
}

/** Creates a metric from the metrics page and returns its key (derived from the name) and page. */
export async function createMetric(
  page: Page,
  slug: string,
  input: { name: string; owner?: RegExp; frequency?: 'Weekly' | 'Monthly' | 'Quarterly' },
): Promise<{ key: string; url: string }> {
  await page.goto(`/${slug}/metrics`);
  await page.getByRole('button', { name: 'New metric' }).click();
  const form = page.getByRole('form', { name: 'New metric' });
  await form.getByLabel('Name', { exact: true }).fill(input.name);
  const key = await form.getByLabel('Key', { exact: true }).inputValue();
  expect(key).toMatch(/^[a-z0-9_]+$/);
  if (input.owner) {
    const owner = form.getByLabel('Owner', { exact: true });
    const value = await owner.locator('option', { hasText: input.owner }).first().getAttribute('value');
    expect(value, `an owner matching ${input.owner}`).toBeTruthy();
    await owner.selectOption(value!);
  }
  if (input.frequency) await form.getByLabel('Updated', { exact: true }).selectOption({ label: input.frequency });
  await form.getByRole('button', { name: 'Create metric' }).click();
  await expect(page.getByRole('heading', { level: 1, name: input.name })).toBeVisible();
  return { key, url: page.url() };
}

/** Creates a draft formula KPI at the company level (or `unit`) from /kpis/new; returns its page's address. */
export async function createFormulaKpi(
  page: Page,
  slug: string,
  input: { name: string; formula: string; frequency?: 'Weekly' | 'Monthly' | 'Quarterly' },
): Promise<string> {
  await page.goto(`/${slug}/kpis/new`);
  const form = page.getByRole('form', { name: 'New KPI' });
  await form.getByLabel('Name', { exact: true }).fill(input.name);
  const unit = form.getByLabel('Unit (team or department)');
  await unit.selectOption((await unit.locator('option:not([disabled])').first().getAttribute('value'))!);
  if (input.frequency) await form.getByLabel('Review frequency').selectOption({ label: input.frequency });
  await form.getByLabel('Formula', { exact: true }).fill(input.formula);
  await form.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: input.name })).toBeVisible();
  return page.url();
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
