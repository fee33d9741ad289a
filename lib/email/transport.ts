import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { env } from '@/lib/env';

/** One message as the worker hands it to a transport; `id` is the outbox row's. */
export type OutgoingEmail = { id: string; to: string; subject: string; text: string; html: string };

export interface Transport {
  readonly name: 'smtp' | 'dev';
  /**
   * Resolves once the message is accepted; throws to have the worker retry it later.
   * When `signal` aborts (the worker's deadline), give up at once and close any connection.
   */
  send(message: OutgoingEmail, signal?: AbortSignal): Promise<void>;
}

/**
 * Delivery through an SMTP server, e.g. smtps://user:pass@smtp.example.com:465.
 * Each message has a connection of its own, opened here (nodemailer's `getSocket`)
 * so that an abort can destroy it: nodemailer's own timeouts are idle timers and
 * its close() only half-closes, so a server that stops answering after DATA
 * could hold a message, and the worker lane with it, for good. (Given a url,
 * createTransport also ignored every timeout set beside it: the default idle
 * timeout is ten minutes.)
 */
export function smtpTransport(url: string, from: string): Transport {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'keel.invalid';
  return {
    name: 'smtp',
    async send(message, signal) {
      signal?.throwIfAborted();
      let socket: Socket | undefined;
      const abort = () => socket?.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      // Built apart from createTransport, which drops every other option when given a url.
      const smtp = new SMTPTransport({
        url,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
        getSocket(options: SMTPTransport.Options, callback: (error: Error | null, socketOptions: false | { connection: Socket }) => void) {
          if (signal?.aborted) return callback(signal.reason as Error, false);
          const opened = connect({ host: options.host ?? 'localhost', port: options.port ?? (options.secure ? 465 : 587) });
          socket = opened;
          let connected = false;
          const notConnected = (error: Error) => {
            if (connected) return;
            connected = true; // answered: nodemailer hears of this socket only once
            clearTimeout(timer);
            callback(error, false);
          };
          const timer = setTimeout(() => {
            notConnected(new Error(`Could not connect to the mail server at ${options.host}:${options.port} within 30 s.`));
            opened.destroy();
          }, 30_000);
          // Errors after the connect are nodemailer's to report; this keeps a late one from crashing the process.
          opened.on('error', notConnected);
          opened.once('close', () => notConnected(new Error('The connection to the mail server closed before it opened.')));
          opened.once('connect', () => {
            if (connected) return;
            connected = true;
            clearTimeout(timer);
            // nodemailer upgrades to TLS itself for smtps:// (and on STARTTLS), over this socket.
            callback(null, { connection: opened });
          });
        },
      });
      const transporter = nodemailer.createTransport(smtp);
      try {
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
      } catch (error) {
        socket?.destroy();
        // Report the abort (the worker's deadline) rather than nodemailer's "Connection closed" it caused.
        if (signal?.aborted) throw signal.reason;
        throw error;
      } finally {
        signal?.removeEventListener('abort', abort);
        transporter.close();
        // nodemailer has half-closed the connection; one whose server never closes its side goes soon anyway.
        const lingering = socket;
        if (lingering && !lingering.destroyed) setTimeout(() => lingering.destroy(), 10_000).unref();
      }
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
