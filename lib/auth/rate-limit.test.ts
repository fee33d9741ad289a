import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@/db/testing';
import { signUp } from '@/lib/organizations/mutations';
import { clientAddress, clientIp, peerAddressHeader, trustPeerAddressHeader } from './client-ip';
import { authenticate } from './credentials';
import { delayAfter, signInLimit } from './rate-limit';

const password = 'correct horse battery';
const minute = 60_000;

describeEachDatabase('sign-in limits', (db) => {
  const start = new Date('2026-11-25T09:00:00Z');
  const at = (ms: number) => new Date(start.getTime() + ms);
  const person = async (email: string) => signUp(db(), { name: 'Ada', email, password, organizationName: email.split('@')[1]! });
  const attempt = (email: string, ip: string, when: Date, secret = 'wrong password') => authenticate(db(), { email, password: secret, ip }, when);

  it('never locks the right password out from an address that has not been failing', async () => {
    await person('victim@lockout.test');
    // An attacker guesses from one address until stopped, and keeps at it every minute for an hour.
    for (let m = 0; m < 60; m++) for (let i = 0; i < 12; i++) await attempt('victim@lockout.test', '192.0.2.66', at(m * minute + i));
    expect(await attempt('victim@lockout.test', '192.0.2.66', at(59 * minute + 30_000), password)).toMatchObject({ ok: false, reason: 'rate_limited' });
    // The person, from their own address, signs in at once.
    expect(await attempt('victim@lockout.test', '198.51.100.7', at(59 * minute + 30_000), password)).toMatchObject({ ok: true });
  });

  it('slows one email from one address with delays that double from the last failure, and forgives on success', async () => {
    await person('hopper@delays.test');
    const ip = '192.0.2.10';
    const { free } = signInLimit.perAccountAndAddress;
    for (let i = 0; i < free; i++) expect(await attempt('hopper@delays.test', ip, at(i))).toEqual({ ok: false, reason: 'invalid' });
    // Blocked for a minute after the last failure, the right password too; then 2 minutes, then 4.
    let last = at(free - 1);
    for (const wait of [1, 2, 4]) {
      const until = new Date(last.getTime() + wait * minute);
      expect(await attempt('hopper@delays.test', ip, new Date(until.getTime() - 1), password)).toEqual({ ok: false, reason: 'rate_limited', retryAt: until });
      expect(await attempt('hopper@delays.test', ip, until)).toEqual({ ok: false, reason: 'invalid' });
      last = until;
    }
    const until = new Date(last.getTime() + 8 * minute);
    expect(await attempt('hopper@delays.test', ip, until, password)).toMatchObject({ ok: true });
    // The success forgave this email's failures from this address: free attempts again.
    expect(await attempt('hopper@delays.test', ip, until)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('slows an address that fails for many emails, for every email from it and no other address', async () => {
    await person('lamarr@spray.test');
    const ip = '192.0.2.77';
    const now = at(3 * 60 * minute);
    for (let i = 0; i < signInLimit.perAddress.free; i++) await attempt(`guess${i}@spray.test`, ip, now);
    expect(await attempt('lamarr@spray.test', ip, now, password)).toEqual({ ok: false, reason: 'rate_limited', retryAt: new Date(now.getTime() + minute) });
    expect(await attempt('lamarr@spray.test', '192.0.2.78', now, password)).toMatchObject({ ok: true });
  });

  it('forgets failures older than the window', async () => {
    await person('old@window.test');
    const ip = '192.0.2.90';
    for (let i = 0; i < signInLimit.perAccountAndAddress.free; i++) await attempt('old@window.test', ip, at(10 * 60 * minute + i));
    const later = at(10 * 60 * minute + signInLimit.windowMs + minute);
    expect(await attempt('old@window.test', ip, later, password)).toMatchObject({ ok: true });
  });
});

describe('sign-in delays', () => {
  it('are free, then double from the first delay up to the cap', () => {
    const rule = signInLimit.perAccountAndAddress;
    const delays = Array.from({ length: rule.free + 8 }, (_, n) => delayAfter(n, rule));
    expect(delays.slice(0, rule.free)).toEqual(Array(rule.free).fill(0));
    expect(delays.slice(rule.free).map((d) => d / minute)).toEqual([1, 2, 4, 8, 15, 15, 15, 15]);
    expect(delayAfter(10_000, signInLimit.perAddress)).toBe(signInLimit.perAddress.maxDelayMs);
  });
});

describe('the client address', () => {
  it('is the connection when no proxy is trusted: X-Forwarded-For is only a claim', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', 0)).toBe('198.51.100.1');
    expect(clientAddress(null, '198.51.100.1', 0)).toBe('198.51.100.1');
    expect(clientAddress('203.0.113.9', null, 0)).toBe('unknown');
  });

  it('behind N proxies is the entry the outermost one appended, whatever the client prepended', () => {
    expect(clientAddress('198.51.100.5', '10.0.0.2', 1)).toBe('198.51.100.5');
    expect(clientAddress('1.2.3.4, 198.51.100.5', '10.0.0.2', 1)).toBe('198.51.100.5');
    expect(clientAddress('1.2.3.4, 198.51.100.5, 10.0.0.1', '10.0.0.2', 2)).toBe('198.51.100.5');
    // Sent straight to Keel past the proxy: nothing was appended, so the connection is the client.
    expect(clientAddress(null, '198.51.100.6', 1)).toBe('198.51.100.6');
  });

  it('takes the connection from Keel’s server only: a client cannot send it', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.9', [peerAddressHeader]: '198.51.100.1' });
    // Not served by scripts/serve.ts (next dev, a bare next start): the header may be the client's own.
    expect(clientIp(headers)).toBe('unknown');
    trustPeerAddressHeader();
    expect(clientIp(headers)).toBe('198.51.100.1');
  });
});
