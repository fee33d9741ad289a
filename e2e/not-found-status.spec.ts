import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { copyEmail, demoCopies } from './demo-copies';
import { expect, test } from './fixtures';
import { demo, signIn } from './helpers';

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The id in the first link of a list page that points at one record (`/<slug>/<kind>/<uuid>`). */
async function firstId(page: Page, slug: string, kind: string): Promise<string> {
  await page.goto(`/${slug}/${kind}`);
  const href = await page.locator(`main a[href^="/${slug}/${kind}/"]`).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const id = href.map((h) => new RegExp(`^/${slug}/${kind}/(${uuid.source})$`).exec(h)?.[1]).find(Boolean);
  expect(id, `a record linked from /${slug}/${kind}`).toBeTruthy();
  return id!;
}

/**
 * Issue 16 item 9: a page for a record that is not there, or is another
 * organization's, answers 404 (not 200 with a not-found message streamed after
 * a loading skeleton), and both look exactly the same.
 */
test('pages of another organization’s records and of unknown ids answer 404 and look alike', async ({ page, newPage }) => {
  // Ids of another organization (a copy of the demo) that the demo's owner is not a member of.
  const elsewhere = await newPage();
  // The head of Marketing has the seeded proposal waiting for a decision (db/seed-proposals.ts).
  await signIn(elsewhere, copyEmail('proposals', 'marketing'), demo.password);
  const copy = demoCopies.proposals.slug;
  await expect(elsewhere).toHaveURL(`/${copy}`);
  const theirs = {
    kpi: await firstId(elsewhere, copy, 'kpis'),
    goal: await firstId(elsewhere, copy, 'goals'),
    unit: await firstId(elsewhere, copy, 'units'),
    metric: await firstId(elsewhere, copy, 'metrics'),
    proposal: await firstId(elsewhere, copy, 'proposals'),
  };

  await signIn(page, demo.owner, demo.password);
  await expect(page).toHaveURL(`/${demo.slug}`);
  const own = await firstId(page, demo.slug, 'kpis');
  const ownPage = await page.goto(`/${demo.slug}/kpis/${own}`);
  expect(ownPage?.status()).toBe(200);

  const pages: [string, (id: string) => string, string][] = [
    ['KPI', (id) => `kpis/${id}`, theirs.kpi],
    ['KPI edit', (id) => `kpis/${id}/edit`, theirs.kpi],
    ['goal', (id) => `goals/${id}`, theirs.goal],
    ['unit', (id) => `units/${id}`, theirs.unit],
    ['metric', (id) => `metrics/${id}`, theirs.metric],
    ['proposal', (id) => `proposals/${id}`, theirs.proposal],
    ['scorecard', (id) => `scorecard/${id}`, theirs.unit],
    ['printed scorecard', (id) => `scorecard/${id}/print`, theirs.unit],
    ['KPI explanation', (id) => `explain?kpi=${id}`, theirs.kpi],
    ['unit explanation', (id) => `explain?unit=${id}`, theirs.unit],
  ];
  for (const [kind, path, theirId] of pages) {
    const shown: string[] = [];
    for (const id of [theirId, randomUUID(), 'not-an-id']) {
      const response = await page.goto(`/${demo.slug}/${path(id)}`);
      expect(response?.status(), `${kind} ${id === theirId ? 'of another organization' : id}`).toBe(404);
      shown.push(await page.locator('main').first().innerText());
    }
    expect(shown[0], kind).toMatch(/not found|does not exist|no longer/i);
    expect(shown[1], `${kind}: another organization’s looks like a missing one`).toBe(shown[0]);
    expect(shown[2], `${kind}: a malformed id looks like a missing one`).toBe(shown[0]);
  }
});
