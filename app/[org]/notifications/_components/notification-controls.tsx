'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { Button } from '@/app/_components/ui/button';
import { useMarkNotificationsRead, useOpenNotification } from './use-mark-read';

export function MarkAllReadButton({ slug }: { slug: string }) {
  const mark = useMarkNotificationsRead(slug);
  return (
    <Button variant="secondary" disabled={mark.isPending} onClick={() => mark.mutate({ all: true })}>
      {mark.isPending ? 'Marking…' : 'Mark all as read'}
    </Button>
  );
}

export function MarkReadButton({ slug, id, title }: { slug: string; id: string; title: string }) {
  const mark = useMarkNotificationsRead(slug);
  return (
    <button
      type="button"
      disabled={mark.isPending}
      onClick={() => mark.mutate({ ids: [id] })}
      aria-label={`Mark “${title}” as read`}
      className="shrink-0 rounded px-2 py-1 text-xs font-medium text-brand-600 hover:bg-brand-50 disabled:text-slate-400"
    >
      Mark as read
    </button>
  );
}

/** A notification's link: opening it marks it read. */
export function NotificationLink({
  slug,
  item,
  className,
  children,
}: {
  slug: string;
  item: { id: string; read: boolean; link: string };
  className?: string;
  children: ReactNode;
}) {
  const open = useOpenNotification(slug);
  return (
    <Link href={item.link} onClick={(event) => open(item, event)} className={className}>
      {children}
    </Link>
  );
}
