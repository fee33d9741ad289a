import { expect, test } from './fixtures';
import { signUp } from './helpers';

// Who may read what in the development mailbox is covered on both databases in lib/email/mailbox.test.ts.
test('the development mailbox is not served when SMTP_URL is set, to anyone', async ({ page, newPage }) => {
  await signUp(page);
  expect((await page.goto('/dev/mailbox'))!.status()).toBe(404);
  const visitor = await newPage();
  expect((await visitor.goto('/dev/mailbox'))!.status()).toBe(404);
});
