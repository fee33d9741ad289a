import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { copyEmail, demoCopies } from './demo-copies';
import { demo, saveScreenshot, signIn, unique } from './helpers';

// Proposing, voting and approving change demo data: this spec writes into its own copy of the demo.
const copy = demoCopies.proposals;

async function signedIn(page: Page, person: string) {
  await signIn(page, copyEmail('proposals', person), demo.password);
  await expect(page).toHaveURL(`/${copy.slug}`);
}

async function vote(page: Page, url: string, choice: 'Agree' | 'Object', comment = '') {
  await page.goto(url);
  const form = page.getByRole('form', { name: 'Your vote' });
  await form.getByRole('radio', { name: new RegExp(`^${choice}`) }).check();
  if (comment) await form.getByLabel('Comment').fill(comment);
  await form.getByRole('button', { name: /^(Cast|Change) vote$/ }).click();
  // Once recorded, the form offers to change the vote.
  await expect(form.getByRole('button', { name: 'Change vote' })).toBeVisible();
}

async function submitTo(page: Page, reviewers: string[]) {
  const form = page.getByRole('form', { name: 'Submit for review' });
  for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
  for (const name of reviewers) await form.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
  await form.getByRole('button', { name: 'Submit for review' }).click();
  // In review now: the submit form is gone.
  await expect(form).toHaveCount(0);
}

test('a team lead proposes a KPI; after an objection and a revision both reviewers agree and the department head approves it', async ({ page, newPage }) => {
  test.slow();
  const kpiName = `Paid click conversion ${unique()}`;

  // The lead of Paid Media drafts a KPI and proposes it to two reviewers.
  await signedIn(page, 'paid');
  await page.goto(`/${copy.slug}/kpis/new`);
  const kpiForm = page.getByRole('form', { name: 'New KPI' });
  await kpiForm.getByLabel('Name', { exact: true }).fill(kpiName);
  await kpiForm.getByLabel('Description', { exact: true }).fill('Share of ad clicks that become paying members');
  const unit = kpiForm.getByLabel('Unit (team or department)');
  await unit.selectOption((await unit.locator('option', { hasText: /Paid Media\s*$/ }).first().getAttribute('value'))!);
  await kpiForm.getByLabel('Unit of measure', { exact: true }).selectOption({ label: 'Percent' });
  await kpiForm.getByLabel('Formula', { exact: true }).fill('{paid_media_signups} / {ad_clicks} * 100');
  await kpiForm.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: kpiName })).toBeVisible();
  const kpiUrl = page.url();
  await page.getByRole('button', { name: 'Propose for approval' }).click();
  await expect(page).toHaveURL(/\/proposals\/[0-9a-f-]{36}$/);
  const proposalUrl = page.url();
  await submitTo(page, ['Sam Okafor', 'Hannah Kim']);

  // One reviewer objects; a reviewer who is a plain member cannot approve.
  const sam = await newPage();
  await signedIn(sam, 'analyst');
  await vote(sam, proposalUrl, 'Object', 'Too early: we have two weeks of click data.');
  await expect(sam.getByRole('button', { name: 'Approve revision' })).toHaveCount(0);

  // The head of Marketing sees it in the inbox; no consensus yet.
  const head = await newPage();
  await signedIn(head, 'marketing');
  await head.goto(`/${copy.slug}/proposals`);
  await saveScreenshot(head, 'proposals-inbox');

  // The proposer revises it during the review, which asks the reviewers to vote again; both agree.
  await page.goto(proposalUrl);
  await page.getByText('Change the proposed definition and targets').click();
  const edit = page.getByRole('form', { name: 'Edit the proposal' });
  await edit.getByLabel('Why (summary for the reviewers)').fill('We will judge it after a full month of click data.');
  await edit.getByRole('button', { name: 'Save proposal' }).click();
  // Saved before the reviewer looks: his earlier vote no longer counts.
  await expect(page.getByRole('status').filter({ hasText: 'Proposal saved' })).toBeVisible();
  await sam.goto(proposalUrl);
  await expect(sam.getByRole('form', { name: 'Your vote' }).getByRole('button', { name: 'Cast vote' })).toBeVisible();
  await vote(sam, proposalUrl, 'Agree');
  const hannah = await newPage();
  await signedIn(hannah, 'content');
  await vote(hannah, proposalUrl, 'Agree');

  // The proposer cannot approve their own proposal; the department head can.
  await page.goto(proposalUrl);
  await expect(page.getByRole('button', { name: 'Approve revision' })).toHaveCount(0);
  await head.goto(proposalUrl);
  await head.getByRole('button', { name: 'Approve revision' }).click();
  await expect(head.getByText(/Approved by Priya Nair/)).toBeVisible();
  // The objection of the first round stays in the vote history.
  await expect(head.getByText('Sam Okafor objects')).toBeVisible();
  await saveScreenshot(head, 'proposal-approved');

  // Live on the team's KPI list.
  await page.goto(kpiUrl);
  await expect(page.getByRole('heading', { level: 1, name: kpiName })).toBeVisible();
  await expect(page.getByText('Draft', { exact: true })).toHaveCount(0);

  // Its revisions can be compared with the live definition.
  const compare = page.getByRole('form', { name: 'Compare revisions' });
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare revisions' })).toBeVisible();
  await saveScreenshot(page, 'compare-revisions');
});
