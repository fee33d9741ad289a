import Link from 'next/link';
import { Table, Td, Th } from '@/app/_components/ui/table';
import type { MailboxSummary } from '@/lib/email/mailbox';
import { formatShortTime, formatTime, StatusBadge } from './status-badge';

export function MessageList({ messages, selectedId }: { messages: MailboxSummary[]; selectedId: string | null }) {
  if (messages.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center">
        <p className="font-medium">No email yet.</p>
        <p className="mt-1 text-sm text-slate-600">Invite someone to an organization and the invitation appears here.</p>
      </div>
    );
  }
  return (
    <Table caption="Outgoing email, newest first">
      <thead>
        <tr>
          <Th>Message</Th>
          <Th>Status</Th>
          <Th>Queued</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {messages.map((m) => {
          const selected = m.id === selectedId;
          return (
            <tr key={m.id} className={selected ? 'bg-brand-50' : 'hover:bg-slate-50'}>
              <Td className="max-w-0 w-full">
                <Link
                  href={`/dev/mailbox?id=${m.id}`}
                  aria-current={selected ? 'true' : undefined}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {m.subject}
                </Link>
                <div className="mt-0.5 truncate text-xs text-slate-500">to {m.to}</div>
              </Td>
              <Td>
                <StatusBadge status={m.status} />
              </Td>
              <Td className="whitespace-nowrap text-slate-600">
                <time dateTime={m.createdAt.toISOString()} title={formatTime(m.createdAt)}>
                  {formatShortTime(m.createdAt)}
                </time>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
