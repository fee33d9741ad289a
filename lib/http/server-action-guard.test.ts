import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORM_ROUTE_HANDLERS, isServerActionRequest, refuseServerAction, SERVER_ACTION_BODY_LIMIT } from './server-action-guard';

const action = (headers: Record<string, string>, body: BodyInit = 'x', url = 'http://keel.test/acme/settings') =>
  new Request(url, { method: 'POST', headers: { host: 'keel.test', 'next-action': 'abc123', ...headers }, body, duplex: 'half' } as RequestInit);

describe('server action guard', () => {
  it('refuses another origin, an opaque one and a malformed one with 403', async () => {
    for (const origin of ['https://evil.example', 'null', 'https://[nope', 'http://keel.test.evil.example']) {
      const refused = await refuseServerAction(action({ origin }));
      expect(refused?.status, origin).toBe(403);
    }
    expect(await refuseServerAction(action({ origin: 'http://keel.test' }))).toBeNull();
    // Hand-made, without Origin: Next lets it through, and so do we.
    expect(await refuseServerAction(action({}))).toBeNull();
  });

  it('refuses a body over 1 MB with 413, declared or counted', async () => {
    const origin = 'http://keel.test';
    expect((await refuseServerAction(action({ origin }, 'x'.repeat(SERVER_ACTION_BODY_LIMIT + 1))))?.status).toBe(413);
    expect(await refuseServerAction(action({ origin }, 'x'.repeat(SERVER_ACTION_BODY_LIMIT)))).toBeNull();
    const chunks = (n: number) =>
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < n; i++) controller.enqueue(new Uint8Array(256 * 1024));
          controller.close();
        },
      });
    expect((await refuseServerAction(action({ origin }, chunks(5))))?.status).toBe(413);
    const small = action({ origin }, chunks(2));
    expect(await refuseServerAction(small)).toBeNull();
    // The copy was counted: the action still reads the whole body.
    expect((await small.arrayBuffer()).byteLength).toBe(512 * 1024);
  });

  it('knows a server action from the requests that are not one', () => {
    const form = (url: string, type = 'multipart/form-data; boundary=x') => new Request(url, { method: 'POST', headers: { 'content-type': type }, body: 'x' });
    expect(isServerActionRequest(form('http://keel.test/acme/settings'))).toBe(true);
    expect(isServerActionRequest(form('http://keel.test/acme/settings', 'application/x-www-form-urlencoded'))).toBe(true);
    expect(isServerActionRequest(form('http://keel.test/login/submit'))).toBe(false);
    expect(isServerActionRequest(form('http://keel.test/api/auth/signout'))).toBe(false);
    expect(isServerActionRequest(form('http://keel.test/acme/metrics/import/run', 'text/csv'))).toBe(false);
    expect(isServerActionRequest(new Request('http://keel.test/acme/settings', { headers: { 'next-action': 'x' } }))).toBe(false);
  });

  it('lists every route handler outside /api that takes a form post', () => {
    const app = path.resolve(import.meta.dirname, '../../app');
    const routes = readdirSync(app, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('route.ts') && !file.startsWith(`api${path.sep}`))
      .filter((file) => /export (async function|const) POST/.test(readFileSync(path.join(app, file), 'utf8')))
      .filter((file) => /formData\(\)/.test(readFileSync(path.join(app, file), 'utf8')));
    for (const file of routes) {
      const pathname = `/${path.dirname(file).split(path.sep).filter((part) => !/^\(.+\)$/.test(part)).join('/')}`;
      expect(FORM_ROUTE_HANDLERS.some((route) => route.test(pathname)), pathname).toBe(true);
    }
    expect(routes.length).toBeGreaterThan(0);
  });
});
