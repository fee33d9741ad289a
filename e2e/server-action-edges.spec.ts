import { request as httpRequest } from 'node:http';
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';
import { signUp, unique } from './helpers';

/** Saves the organization settings with this name through the page, and returns the server action request it sent. */
async function saveName(page: Page, slug: string, name: string): Promise<Request> {
  await page.goto(`/${slug}/settings`);
  await page.getByLabel('Organization name').fill(name);
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']),
    page.getByRole('button', { name: 'Save settings' }).click(),
  ]);
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  return sent;
}

async function savedName(page: Page, slug: string): Promise<string> {
  await page.goto(`/${slug}/settings`);
  return page.getByLabel('Organization name').inputValue();
}

/**
 * Issue 16 item 8: a server action from another origin, or over the body limit,
 * answered 500 (Next's own refusal): it is a clear 4xx, and nothing changes.
 */
test('a server action from another origin or over the body limit is a clear 4xx and changes nothing', async ({ page }) => {
  const account = await signUp(page);
  const saved = `Saved ${unique()}`;
  const action = await saveName(page, account.slug, saved);
  const url = action.url();
  const origin = new URL(url).origin;
  const { 'content-type': contentType, 'next-action': actionId, 'next-router-state-tree': tree } = action.headers();
  const body = action.postDataBuffer()!.toString('utf8');
  expect(body).toContain(saved);
  const forged = `Forged ${unique()}`;
  const replay = (headers: Record<string, string>, data: string | Buffer = body.replace(saved, forged)) =>
    page.request.post(url, {
      headers: { 'content-type': contentType!, 'next-action': actionId!, ...(tree ? { 'next-router-state-tree': tree } : {}), accept: 'text/x-component', ...headers },
      data,
      maxRedirects: 0,
    });

  for (const bad of ['https://evil.example', 'null', 'https://[not a url', 'http://localhost.evil.example']) {
    const response = await replay({ origin: bad });
    expect(response.status(), `Origin: ${bad}`).toBe(403);
    expect(await response.text()).toMatch(/did not come from Keel/);
  }

  // The limit is Next's default for server actions, 1 MB; the padding rides in a field of its own.
  const boundary = /boundary=(.+)$/.exec(contentType!)![1]!;
  const padded = `--${boundary}\r\nContent-Disposition: form-data; name="padding"\r\n\r\n${'x'.repeat(1024 * 1024)}\r\n${body.replace(saved, forged)}`;
  const tooLarge = await replay({ origin }, padded);
  expect(tooLarge.status()).toBe(413);
  expect(await tooLarge.text()).toMatch(/larger than 1 MB/);

  // Without Content-Length (chunked), the bytes are counted as they come.
  const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  const chunked = await new Promise<number>((resolve, reject) => {
    const sending = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': contentType!, 'next-action': actionId!, accept: 'text/x-component', origin, cookie, 'transfer-encoding': 'chunked' },
    });
    sending.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sending.on('error', reject);
    for (let i = 0; i < 4; i++) sending.write(padded.slice(i * 300_000, (i + 1) * 300_000));
    sending.end(padded.slice(1_200_000));
  });
  expect(chunked).toBe(413);

  expect(await savedName(page, account.slug)).toBe(saved);

  // The same request from Keel's own origin is a valid action: the refusals above were about origin and size alone.
  expect((await replay({ origin })).status()).toBe(200);
  expect(await savedName(page, account.slug)).toBe(forged);
});
