import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { MouseEvent } from 'react';
import { useToast } from '@/app/_components/ui/toast';
import type { NotificationFeed } from '@/lib/notifications/queries';
import type { MarkNotificationsReadInput } from '@/lib/notifications/schemas';
import { markNotificationsReadAction } from '../actions';
import { notificationsQueryKey } from './feed-query';

/**
 * Marks notifications as read through the server action, shows it at once in
 * the bell, and refetches the feed afterwards (the action also revalidates the
 * server-rendered pages).
 */
export function useMarkNotificationsRead(slug: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const queryKey = notificationsQueryKey(slug);
  return useMutation({
    mutationFn: async (input: MarkNotificationsReadInput) => {
      const result = await markNotificationsReadAction(slug, null, input);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<NotificationFeed>(queryKey);
      if (previous) queryClient.setQueryData(queryKey, markedRead(previous, input));
      return { previous };
    },
    onError: (error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
      toast(error.message, 'error');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
}

function markedRead(feed: NotificationFeed, input: MarkNotificationsReadInput): NotificationFeed {
  if ('all' in input) return { unread: 0, items: feed.items.map((item) => ({ ...item, read: true })) };
  const ids = new Set(input.ids);
  const newlyRead = feed.items.filter((item) => ids.has(item.id) && !item.read).length;
  return {
    unread: Math.max(0, feed.unread - newlyRead),
    items: feed.items.map((item) => (ids.has(item.id) ? { ...item, read: true } : item)),
  };
}

/**
 * Opening a notification marks it read, then follows its link. A click that
 * opens a new tab (modifier keys, middle button) keeps the browser's default.
 */
export function useOpenNotification(slug: string, afterOpen?: () => void) {
  const router = useRouter();
  const mark = useMarkNotificationsRead(slug);
  return (item: { id: string; read: boolean; link: string | null }, event: MouseEvent<HTMLElement>) => {
    const newTab = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0;
    if (item.read) {
      if (!newTab) afterOpen?.();
      return;
    }
    if (newTab || !item.link) {
      mark.mutate({ ids: [item.id] });
      return;
    }
    event.preventDefault();
    afterOpen?.();
    const link = item.link;
    // Follow the link even if marking failed (onError has said so); the promise outlives an unmounted panel.
    void mark
      .mutateAsync({ ids: [item.id] })
      .catch(() => {})
      .finally(() => router.push(link));
  };
}
