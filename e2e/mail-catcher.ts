/**
 * The e2e web server's mail server: it accepts every message over SMTP and
 * hands them to the specs as JSON (GET /messages?to=…, oldest first), so specs
 * read email the way people do, without being signed in. Started by
 * playwright.config.ts beside the app, which gets SMTP_URL pointing here.
 */
import { createServer } from 'node:http';
import { fakeSmtpServer } from '../lib/email/fake-smtp';
import { mailCatcherPorts, parseMessage } from './caught-mail';

const ports = mailCatcherPorts();
const smtp = fakeSmtpServer();
smtp.server.listen(ports.smtp, '127.0.0.1');

const http = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/messages') {
    response.writeHead(404).end();
    return;
  }
  const to = url.searchParams.get('to')?.toLowerCase();
  const messages = smtp.received
    .map((m) => ({ to: (/^RCPT TO:<(.*)>/i.exec(m.envelope.find((l) => /^RCPT/i.test(l)) ?? '')?.[1] ?? '').toLowerCase(), ...parseMessage(m.data) }))
    .filter((m) => !to || m.to === to);
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages));
});
http.listen(ports.http, '127.0.0.1', () => console.log(`[mail catcher] SMTP on ${ports.smtp}, messages at http://127.0.0.1:${ports.http}/messages`));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    http.close();
    void smtp.close().then(() => process.exit(0));
  });
}
