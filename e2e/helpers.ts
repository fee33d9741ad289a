import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** The demo organization `npm start` seeds into the empty e2e database (db/seed.ts). */
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
  await expect(page.getByRole('heading', { level: 1, name: account.organizationName })).toBeVisible();
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

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
