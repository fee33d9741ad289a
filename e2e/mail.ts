import { expect } from '@playwright/test';
import { mailCatcherPorts, type CaughtMessage } from './caught-mail';

/**
 * The `nth` email (0 = the first) to `to` whose subject matches, once the app
 * has delivered it: the e2e server sends through SMTP to the mail catcher, so
 * specs read email as people do, signed in or not.
 */
export async function mailTo(to: string, subject: RegExp, nth = 0): Promise<CaughtMessage> {
  const url = `http://127.0.0.1:${mailCatcherPorts().http}/messages?to=${encodeURIComponent(to)}`;
  const matching = async () => ((await (await fetch(url)).json()) as CaughtMessage[]).filter((m) => subject.test(m.subject));
  await expect.poll(async () => (await matching()).length, { message: `email ${nth + 1} to ${to} matching ${subject}`, timeout: 20_000 }).toBeGreaterThan(nth);
  return (await matching())[nth]!;
}

/** The path of the first link in an email whose path matches `path` (e.g. /^\/invite\/[\w-]{43}$/). */
export function linkPath(message: CaughtMessage, path: RegExp): string {
  const found = (message.text.match(/https?:\/\/\S+/g) ?? []).map((url) => new URL(url).pathname).find((p) => path.test(p));
  expect(found, `a link to ${path} in "${message.subject}"`).toBeDefined();
  return found!;
}
