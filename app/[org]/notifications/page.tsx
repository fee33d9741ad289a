import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDatabase } from '@/db';
import { formatRelativeTime } from '@/lib/notifications/relative-time';
import { countUnread, listNotifications } from '@/lib/notifications/queries';
import { getOrgContext } from '@/lib/organizations/context';
import { MarkAllReadButton, MarkReadButton, NotificationLink } from './_components/notification-controls';

export const metadata: Metadata = { title: 'Notifications' };

/** More than this many and the page shows the latest ones and says so. */
const pageSize = 200;

export default async function NotificationsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  if (!ctx.can('notifications.read')) notFound();
  const db = await getDatabase();
  const { unread, rows } = await db.withTenant(ctx.organization.id, async (tx) => ({
    unread: await countUnread(tx, ctx.user.id),
    rows: await listNotifications(tx, ctx.user.id, { limit: pageSize + 1 }),
  }));
  const items = rows.slice(0, pageSize);
  const now = new Date();
  return (
    <div className="max-w-3xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Notifications</h1>
          <p className="mt-1 text-sm text-slate-600">
            {unread === 0 ? 'Nothing unread.' : `${unread} unread.`} Only you see your notifications in {ctx.organization.name}.
          </p>
        </div>
        {unread > 0 && <MarkAllReadButton slug={slug} />}
      </div>
      {items.length === 0 ? (
        <section className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="font-medium">You’re all caught up</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">
            When someone joins through your invitation, your role changes, or something else in {ctx.organization.name} needs
            your attention, it appears here and on the bell at the top of every page.
          </p>
        </section>
      ) : (
        <ul aria-label="Your notifications" className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white">
          {items.map((n) => {
            const read = n.readAt !== null;
            const content = (
              <>
                <span className={`block text-sm group-hover:underline ${read ? 'text-slate-700' : 'font-semibold text-ink'}`}>
                  {!read && <span className="sr-only">Unread: </span>}
                  {n.title}
                </span>
                {n.body && <span className="mt-0.5 block text-sm text-slate-600">{n.body}</span>}
                <time dateTime={n.createdAt.toISOString()} className="mt-1 block text-xs text-slate-500">
                  {formatRelativeTime(n.createdAt, now)}
                </time>
              </>
            );
            return (
              <li key={n.id} className={`flex items-start gap-3 px-4 py-3 ${read ? '' : 'bg-brand-50/40'}`}>
                <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${read ? 'bg-slate-200' : 'bg-brand-600'}`} />
                {n.link ? (
                  <NotificationLink slug={slug} item={{ id: n.id, read, link: n.link }} className="group min-w-0 flex-1">
                    {content}
                  </NotificationLink>
                ) : (
                  <div className="min-w-0 flex-1">{content}</div>
                )}
                {!read && <MarkReadButton slug={slug} id={n.id} title={n.title} />}
              </li>
            );
          })}
        </ul>
      )}
      {rows.length > pageSize && <p className="text-sm text-slate-600">Showing your latest {pageSize} notifications.</p>}
    </div>
  );
}
