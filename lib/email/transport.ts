import nodemailer from 'nodemailer';
import { env } from '@/lib/env';

/** One message as the worker hands it to a transport; `id` is the outbox row's. */
export type OutgoingEmail = { id: string; to: string; subject: string; text: string; html: string };

export interface Transport {
  readonly name: 'smtp' | 'dev';
  /** Resolves once the message is accepted; throws to have the worker retry it later. */
  send(message: OutgoingEmail): Promise<void>;
}

/**
 * Delivery through an SMTP server, e.g. smtps://user:pass@smtp.example.com:465.
 * Timeouts stay well under the worker's five-minute lease, so a stalled server
 * fails the attempt instead of letting a second worker take the message over
 * while this one may still deliver it.
 */
export function smtpTransport(url: string, from: string): Transport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'keel.invalid';
  return {
    name: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // The same Message-ID on every attempt lets receiving servers drop a duplicate
        // if a worker died between the server's acceptance and marking the row sent.
        messageId: `<${message.id}@${domain}>`,
      });
    },
  };
}

/**
 * Development delivery: the message is already readable at /dev/mailbox once the
 * worker marks it sent, so this only echoes it to the server console.
 */
export function devTransport(log: (line: string) => void = console.log): Transport {
  return {
    name: 'dev',
    async send(message) {
      log(`[mail] to ${message.to} : ${message.subject}\n${message.text}\n`);
    },
  };
}

/**
 * SMTP when SMTP_URL is set, otherwise the development mailbox. In production
 * there is no mailbox to fall back on, so no SMTP_URL is an error: messages
 * then wait in the outbox instead of being marked sent and lost.
 */
export function transportFromEnv(): Transport {
  if (env.SMTP_URL) return smtpTransport(env.SMTP_URL, env.EMAIL_FROM);
  if (env.KEEL_ENV === 'production') {
    throw new Error('SMTP_URL is required when KEEL_ENV=production: email stays in the outbox until it is set.');
  }
  return devTransport();
}
