import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { KeelMark } from '@/app/_components/keel-mark';
import { getDatabase } from '@/db';
import { getOutboxMessage, listOutbox } from '@/lib/email/queries';
import { env } from '@/lib/env';
import { MessageList } from './_components/message-list';
import { MessageView } from './_components/message-view';

export const metadata: Metadata = { title: 'Development mailbox', robots: { index: false, follow: false } };

/**
 * Every email Keel has queued, for people working on Keel: what the worker
 * delivers with the development transport ends up only here and in the server
 * console. Real deployments never serve it.
 */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ id?: string | string[] }> }) {
  if (env.KEEL_ENV === 'production') notFound();
  const { id } = await searchParams;
  const selectedId = typeof id === 'string' ? id : null;
  const db = await getDatabase();
  const [messages, selected] = await db.withoutTenant(
    async (tx) => [await listOutbox(tx, 100), selectedId ? await getOutboxMessage(tx, selectedId) : null] as const,
  );

  return (
    <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <div className="flex items-center gap-2 text-sm font-semibold text-slate-600">
            <KeelMark className="size-5" /> Keel · development
          </div>
          <h1 className="mt-2 text-2xl font-semibold">Mailbox</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Every email Keel queues, newest first.{' '}
            {env.SMTP_URL
              ? 'SMTP_URL is set, so these messages also go out through that server.'
              : 'Without SMTP_URL nothing leaves this machine: messages are delivered here and to the server console.'}{' '}
            This page is never served when KEEL_ENV=production.
          </p>
        </div>
        <Link
          href={selectedId ? `/dev/mailbox?id=${encodeURIComponent(selectedId)}` : '/dev/mailbox'}
          className="text-sm font-medium text-brand-600 hover:underline"
        >
          Refresh
        </Link>
      </div>

      <div className="mt-6 grid items-start gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <MessageList messages={messages} selectedId={selected?.id ?? null} />
        {selected ? (
          <MessageView message={selected} />
        ) : selectedId || messages.length > 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600">
            {selectedId ? 'This message does not exist.' : 'Choose a message to read it.'}
          </div>
        ) : null}
      </div>
    </main>
  );
}
