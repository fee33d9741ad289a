import { Badge } from '@/app/_components/ui/badge';
import type { MailboxSummary } from '@/lib/email/mailbox';

const tones = { pending: 'amber', sending: 'brand', sent: 'green', failed: 'red' } as const;

export function StatusBadge({ status }: { status: MailboxSummary['status'] }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}

export function formatTime(date: Date) {
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

export function formatShortTime(date: Date) {
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
