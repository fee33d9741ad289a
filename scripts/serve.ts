/**
 * Keel's production server: Next.js behind a plain Node HTTP server, which is
 * the one place that knows the connection's address. It hands that address to
 * the app in a header of its own (lib/auth/client-ip.ts), overwriting any the
 * client sent, so the sign-in limits never have to believe X-Forwarded-For
 * unless TRUST_PROXY says proxies set it. Run by scripts/start.ts.
 */
import { createServer } from 'node:http';
import next from 'next';
import { peerAddressHeader, trustPeerAddressHeader } from '@/lib/auth/client-ip';
import { env } from '@/lib/env';

const app = next({ dev: false, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();
trustPeerAddressHeader();

const server = createServer((request, response) => {
  request.headers[peerAddressHeader] = request.socket.remoteAddress ?? '';
  void handle(request, response);
});
server.listen(env.PORT, () => console.log(`Keel is listening on port ${env.PORT}`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open; give requests in flight a moment, then go.
    setTimeout(() => process.exit(0), 5_000).unref();
    server.closeIdleConnections();
  });
}
