import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeSmtpServer } from './fake-smtp';
import { devTransport, smtpTransport } from './transport';

describe('SMTP transport', () => {
  const smtp = fakeSmtpServer({ stuck: ['stuck@example.test'] });
  const { received } = smtp;
  let url = '';
  beforeAll(async () => {
    url = await smtp.listen();
  });
  afterAll(() => smtp.close());

  it('sends both parts from EMAIL_FROM, with the outbox id as Message-ID', async () => {
    const transport = smtpTransport(url, 'Keel <keel@mail.example>');
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

  it('on an abort, closes the connection to a server that never answers and fails with the reason', async () => {
    const controller = new AbortController();
    const transport = smtpTransport(url, 'keel@mail.example');
    const sending = transport.send({ id: 'stuck-1', to: 'stuck@example.test', subject: 's', text: 't', html: 'h' }, controller.signal);
    // The server stops answering only after the whole message: abort once it is there.
    await vi.waitFor(() => expect(smtp.events).toContain('stuck stuck@example.test'));
    controller.abort(new Error('past the deadline'));
    await expect(sending).rejects.toThrow('past the deadline');
    await vi.waitFor(() => expect(smtp.events).toContain('closed stuck@example.test'));
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
