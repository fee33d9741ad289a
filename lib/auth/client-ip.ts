import { env } from '@/lib/env';

/** Set by Keel's server (scripts/serve.ts) on every request to the connection's own address; an incoming one is overwritten. */
export const peerAddressHeader = 'x-keel-peer-address';

const trustedKey = Symbol.for('keel.peerAddressHeader');

/** Called by Keel's server in the process that serves the requests: from then on peerAddressHeader is believed. */
export function trustPeerAddressHeader(): void {
  (globalThis as { [trustedKey]?: true })[trustedKey] = true;
}

/**
 * The address a request came from, for the sign-in limits. With no trusted
 * proxy it is the connection's address: X-Forwarded-For, which anyone can
 * send, is ignored. Behind `trustProxies` proxies, each appending the address
 * it was reached from, it is the entry the outermost one appended, the Nth
 * from the right (entries further left are whatever the client claimed).
 * Under `next dev` or a bare `next start` the connection's address is unknown
 * and every request shares one address.
 */
export function clientAddress(forwardedFor: string | null, peer: string | null, trustProxies: number): string {
  if (trustProxies === 0) return peer || 'unknown';
  const hops = (forwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const index = hops.length - trustProxies;
  // Fewer entries than proxies: the request skipped some of them; the nearest known address is the best there is.
  return (index >= 0 ? hops[index] : (hops[0] ?? peer)) || 'unknown';
}

export function clientIp(headers: Headers): string {
  const trusted = (globalThis as { [trustedKey]?: true })[trustedKey] === true;
  return clientAddress(headers.get('x-forwarded-for'), trusted ? headers.get(peerAddressHeader) : null, env.TRUST_PROXY);
}
