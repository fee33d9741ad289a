import type { ReactNode } from 'react';
import type { MailboxMessage } from '@/lib/email/mailbox';
import { formatTime, StatusBadge } from './status-badge';

/** One message: its envelope, the plain-text part with clickable links, and the HTML part in a sandbox. */
export function MessageView({ message }: { message: MailboxMessage }) {
  return (
    <article aria-labelledby="message-subject" className="rounded-lg border border-slate-200 bg-white">
      <header className="border-b border-slate-200 px-5 py-4">
        <h2 id="message-subject" className="text-lg font-semibold break-words">
          {message.subject}
        </h2>
        <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">To</dt>
          <dd className="break-all">{message.to}</dd>
          <dt className="text-slate-500">Queued</dt>
          <dd>{formatTime(message.createdAt)}</dd>
          <dt className="text-slate-500">Status</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <StatusBadge status={message.status} />
            <span className="text-slate-600">
              {message.sentAt ? `${formatTime(message.sentAt)} via ${message.transport}` : null}
              {message.attempts > 0 ? ` · ${message.attempts} ${message.attempts === 1 ? 'attempt' : 'attempts'}` : null}
            </span>
          </dd>
          {message.lastError && (
            <>
              <dt className="text-slate-500">Last error</dt>
              <dd className="text-red-700">{message.lastError}</dd>
            </>
          )}
        </dl>
      </header>
      <section aria-labelledby="text-part" className="border-b border-slate-200 px-5 py-4">
        <h3 id="text-part" className="text-sm font-semibold text-slate-600">
          Plain text
        </h3>
        <pre className="mt-2 font-sans text-sm leading-relaxed break-words whitespace-pre-wrap">{linkify(message.text)}</pre>
      </section>
      <section aria-labelledby="html-part" className="px-5 py-4">
        <h3 id="html-part" className="text-sm font-semibold text-slate-600">
          HTML
        </h3>
        {/* An empty sandbox: the message's HTML runs no script and cannot reach this page. */}
        <iframe
          sandbox=""
          srcDoc={message.html}
          title={`HTML part of “${message.subject}”`}
          className="mt-2 h-[36rem] w-full rounded-md border border-slate-200 bg-slate-50"
        />
      </section>
    </article>
  );
}

// Trailing punctuation ends a sentence, not the URL.
const url = /(https?:\/\/[^\s<>"]*[^\s<>"'.,;:!?)\]])/;

function linkify(text: string): ReactNode[] {
  return text.split(url).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part} className="font-medium text-brand-700 underline break-all">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
