import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { KeelMark } from '@/app/_components/keel-mark';
import { getDatabase } from '@/db';
import { requireUser } from '@/lib/auth/session';
import { getMailboxMessage, listMailbox, mailboxServed } from '@/lib/email/mailbox';
import { MessageList } from './_components/message-list';
import { MessageView } from './_components/message-view';

export const metadata: Metadata = { title: 'Development mailbox', robots: { index: false, follow: false } };

/**
 * Email Keel has queued, for people working on Keel where it goes nowhere
 * else: served only without SMTP_URL (never with KEEL_ENV=production), only
 * to a signed-in person, and only their own mail (lib/email/mailbox.ts).
 */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ id?: string | string[] }> }) {
  if (!mailboxServed()) notFound();
  const user = await requireUser();
  const { id } = await searchParams;
  const selectedId = typeof id === 'string' ? id : null;
  const db = await getDatabase();
  const [messages, selected] = await Promise.all([listMailbox(db, user), selectedId ? getMailboxMessage(db, user, selectedId) : null]);

  return (
    <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <div className="flex items-center gap-2 text-sm font-semibold text-slate-600">
            <KeelMark className="size-5" /> Keel · development
          </div>
          <h1 className="mt-2 text-2xl font-semibold">Mailbox</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Email to {user.email} that Keel queued, newest first (an owner also sees the invitations their organization sent).
            Without SMTP_URL nothing leaves this machine: messages are delivered here and to the server console. This page is
            never served with SMTP_URL set or when KEEL_ENV=production.
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
