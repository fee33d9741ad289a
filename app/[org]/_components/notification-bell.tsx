'use client';

import { HydrationBoundary, useQuery, type DehydratedState } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useId, useRef, useState, type MouseEvent } from 'react';
import type { NotificationFeedItem } from '@/lib/notifications/queries';
import { formatRelativeTime } from '@/lib/notifications/relative-time';
import { fetchNotificationFeed, notificationsQueryKey } from '../notifications/_components/feed-query';
import { useMarkNotificationsRead, useOpenNotification } from '../notifications/_components/use-mark-read';

/** The bell in the header: the unread count, kept live, and a panel with the latest notifications. */
export function NotificationBell({ slug, state }: { slug: string; state: DehydratedState }) {
  return (
    <HydrationBoundary state={state}>
      <Bell slug={slug} />
    </HydrationBoundary>
  );
}

function Bell({ slug }: { slug: string }) {
  const { data } = useQuery({
    queryKey: notificationsQueryKey(slug),
    queryFn: () => fetchNotificationFeed(slug),
    refetchInterval: 15_000,
    refetchOnWindowFocus: true,
  });
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const headingId = useId();
  const markAll = useMarkNotificationsRead(slug);
  const openItem = useOpenNotification(slug, () => setOpen(false));
  const unread = data?.unread ?? 0;
  const items = data?.items ?? [];

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen((o) => !o)}
        className="relative flex size-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-ink aria-expanded:bg-slate-100"
      >
        <BellIcon />
        {unread > 0 && (
          <span
            aria-hidden
            className="absolute -top-0.5 -right-0.5 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-red-600 px-1 text-[0.6875rem] leading-none font-semibold text-white ring-2 ring-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <section
        id={panelId}
        hidden={!open}
        aria-labelledby={headingId}
        className="absolute right-0 z-30 mt-1 w-[min(24rem,calc(100vw-2rem))] overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg"
      >
        <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
          <h2 id={headingId} className="text-sm font-semibold">
            Notifications
          </h2>
          <button
            type="button"
            disabled={unread === 0 || markAll.isPending}
            onClick={() => markAll.mutate({ all: true })}
            className="rounded px-1.5 py-0.5 text-xs font-medium text-brand-600 hover:bg-brand-50 disabled:cursor-default disabled:text-slate-400 disabled:hover:bg-transparent"
          >
            Mark all as read
          </button>
        </div>
        {open &&
          (items.length === 0 ? (
            <div className="px-4 py-8 text-center">
              <p className="text-sm font-medium">You’re all caught up</p>
              <p className="mt-1 text-xs text-slate-500">Invitations, role changes and other news for you will appear here.</p>
            </div>
          ) : (
            <ul className="max-h-[min(28rem,70vh)] divide-y divide-slate-100 overflow-y-auto">
              {items.map((item) => (
                <li key={item.id}>
                  <BellItem item={item} onOpen={(event) => openItem(item, event)} />
                </li>
              ))}
            </ul>
          ))}
        <div className="border-t border-slate-100 px-4 py-2 text-center">
          <Link href={`/${slug}/notifications`} onClick={() => setOpen(false)} className="text-xs font-medium text-brand-600 hover:underline">
            View all notifications
          </Link>
        </div>
      </section>
    </div>
  );
}

function BellItem({ item, onOpen }: { item: NotificationFeedItem; onOpen: (event: MouseEvent<HTMLElement>) => void }) {
  const content = (
    <>
      <span
        aria-hidden
        className={`mt-1.5 size-2 shrink-0 rounded-full ${item.read ? 'bg-transparent' : 'bg-brand-600'}`}
      />
      <span className="min-w-0 flex-1">
        <span className={`block text-sm ${item.read ? 'text-slate-700' : 'font-semibold text-ink'}`}>
          {!item.read && <span className="sr-only">Unread: </span>}
          {item.title}
        </span>
        {item.body && <span className="mt-0.5 line-clamp-2 block text-xs text-slate-600">{item.body}</span>}
        <time dateTime={item.createdAt} className="mt-1 block text-xs text-slate-500">
          {formatRelativeTime(item.createdAt)}
        </time>
      </span>
    </>
  );
  const className = `flex w-full gap-3 px-4 py-3 text-left ${item.read ? 'bg-white' : 'bg-brand-50/40'} hover:bg-slate-50`;
  if (item.link) {
    return (
      <Link href={item.link} onClick={onOpen} className={className}>
        {content}
      </Link>
    );
  }
  if (item.read) return <div className={className}>{content}</div>;
  return (
    <button type="button" onClick={onOpen} className={className}>
      {content}
    </button>
  );
}

function BellIcon() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} className="size-6">
      <path strokeLinecap="round" strokeLinejoin="round" d="M14.857 17.082a23.848 23.848 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9A6 6 0 0 0 6 9v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0" />
    </svg>
  );
}
