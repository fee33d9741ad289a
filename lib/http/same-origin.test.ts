import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './same-origin';

const post = (headers: Record<string, string>) => new Request('http://localhost:3000/acme/metrics/import/run', { method: 'POST', headers });

describe('same-origin check', () => {
  it('accepts a request whose Origin names the host it was sent to', () => {
    expect(isSameOrigin(post({ origin: 'http://localhost:3000', host: 'localhost:3000' }))).toBe(true);
    expect(isSameOrigin(post({ origin: 'https://Keel.Example', host: 'keel.example' }))).toBe(true);
  });

  it('refuses another site, a missing or opaque Origin, and a different port', () => {
    expect(isSameOrigin(post({ origin: 'https://evil.example', host: 'keel.example' }))).toBe(false);
    expect(isSameOrigin(post({ host: 'keel.example' }))).toBe(false);
    expect(isSameOrigin(post({ origin: 'null', host: 'keel.example' }))).toBe(false);
    expect(isSameOrigin(post({ origin: 'http://localhost:3001', host: 'localhost:3000' }))).toBe(false);
    expect(isSameOrigin(post({ origin: 'not a url', host: 'keel.example' }))).toBe(false);
  });

  it('compares with the forwarded host behind a proxy', () => {
    expect(isSameOrigin(post({ origin: 'https://keel.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'keel.example' }))).toBe(true);
    expect(isSameOrigin(post({ origin: 'https://evil.example', host: 'evil.example', 'x-forwarded-host': 'keel.example' }))).toBe(false);
  });
});
