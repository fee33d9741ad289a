import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devTransport, smtpTransport } from './transport';

/** Just enough of an SMTP server to accept messages and keep what it was sent. */
function fakeSmtpServer() {
  const received: { envelope: string[]; data: string }[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { envelope: [] as string[], data: '' };
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(current);
            current = { envelope: [], data: '' };
            socket.write('250 OK queued\r\n');
          } else current.data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 fake\r\n');
        else if (/^(MAIL|RCPT)/i.test(line)) {
          current.envelope.push(line);
          socket.write('250 OK\r\n');
        } else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  return { server, received };
}

describe('SMTP transport', () => {
  const { server, received } = fakeSmtpServer();
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends both parts from EMAIL_FROM, with the outbox id as Message-ID', async () => {
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, 'Keel <keel@mail.example>');
    expect(transport.name).toBe('smtp');
    await transport.send({
      id: '7b0f0c1e-4a7c-4d0e-9a43-3f2a1d2c5b6e',
      to: 'ada@example.test',
      subject: 'Ava Chen invited you to Acme on Keel',
      text: 'Plain part',
      html: '<p>HTML part</p>',
    });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.envelope).toEqual(['MAIL FROM:<keel@mail.example>', 'RCPT TO:<ada@example.test>']);
    expect(mail!.data).toContain('Message-ID: <7b0f0c1e-4a7c-4d0e-9a43-3f2a1d2c5b6e@mail.example>');
    expect(mail!.data).toContain('Subject: Ava Chen invited you to Acme on Keel');
    expect(mail!.data).toMatch(/Content-Type: text\/plain[\s\S]*Plain part[\s\S]*Content-Type: text\/html[\s\S]*<p>HTML part<\/p>/);
  });

  it('fails when the server cannot be reached, so the worker retries', async () => {
    const transport = smtpTransport('smtp://127.0.0.1:1', 'keel@mail.example');
    await expect(transport.send({ id: 'x', to: 'a@example.test', subject: 's', text: 't', html: 'h' })).rejects.toThrow();
  });
});

describe('development transport', () => {
  it('writes the recipient, the subject and the text part to the console', async () => {
    const lines: string[] = [];
    await devTransport((line) => lines.push(line)).send({ id: 'x', to: 'a@example.test', subject: 'Hello', text: 'Body', html: '<p>Body</p>' });
    expect(lines).toEqual(['[mail] to a@example.test : Hello\nBody\n']);
  });
});
