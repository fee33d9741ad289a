import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TenantTx } from '@/db';
import { auditLog, notifications } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { orgRoles } from '@/lib/permissions';
import { notificationActions } from './actions';
import { markNotificationsRead, notify } from './mutations';
import { countUnread, feedSize, getNotificationFeed, listNotifications } from './queries';
import { formatRelativeTime } from './relative-time';
import { markNotificationsReadSchema } from './schemas';

const markReadAction = notificationActions.markRead;

type Org = Awaited<ReturnType<typeof makeOrganization>>;

describeEachDatabase('notifications', (db) => {
  let acme: Org;
  let other: Org;
  const as = <T>(org: Org, fn: (tx: TenantTx) => Promise<T>) => db().withTenant(org.id, fn);
  const feedOf = (org: Org, userId: string) => as(org, (tx) => getNotificationFeed(tx, userId));
  const idsOf = async (org: Org, userId: string) => (await as(org, (tx) => listNotifications(tx, userId, { limit: 1000 }))).map((n) => n.id);
  const send = (org: Org, userIds: string[], title: string, extra: { body?: string; link?: string | null } = {}) =>
    as(org, (tx) => notify(tx, userIds, { kind: 'test', title, ...extra }));

  beforeAll(async () => {
    acme = await makeOrganization(db(), 'Acme Notifications', [...orgRoles]);
    other = await makeOrganization(db(), 'Other Notifications', ['owner', 'member']);
  });

  describe('notify and the feed', () => {
    it('writes one row per distinct person, newest first, and counts what is unread', async () => {
      const [owner, admin] = [acme.byRole('owner').id, acme.byRole('admin').id];
      await send(acme, [owner, admin, owner], 'First', { body: 'Hello', link: `/${acme.slug}/settings` });
      await send(acme, [owner], 'Second');
      const feed = await feedOf(acme, owner);
      expect(feed.unread).toBe(2);
      expect(feed.items.map((i) => i.title)).toEqual(['Second', 'First']);
      expect(feed.items[1]).toEqual({
        id: expect.any(String),
        kind: 'test',
        title: 'First',
        body: 'Hello',
        link: `/${acme.slug}/settings`,
        read: false,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(feed.items[0]).toMatchObject({ body: '', link: null });
      expect((await feedOf(acme, admin)).unread).toBe(1);
      // JSON-safe: what the route sends is what the server prefetch hands the bell.
      expect(JSON.parse(JSON.stringify(feed))).toEqual(feed);
    });

    it('does nothing for an empty list', async () => {
      const before = await as(acme, (tx) => tx.$count(notifications));
      await send(acme, [], 'Nobody');
      expect(await as(acme, (tx) => tx.$count(notifications))).toBe(before);
    });

    it('refuses a link that leaves Keel, and writes nothing', async () => {
      const member = acme.byRole('member').id;
      for (const link of ['javascript:alert(1)', 'https://evil.test/', '//evil.test/x', 'relative/path']) {
        await expect(send(acme, [member], 'Bad link', { link })).rejects.toThrow(/path inside Keel/);
      }
      expect(await idsOf(acme, member)).toEqual([]);
    });

    it('refuses someone who is not a member of the organization, in the caller’s transaction', async () => {
      await expect(send(acme, [other.byRole('member').id], 'Stranger')).rejects.toThrow();
      expect(await idsOf(other, other.byRole('member').id)).toEqual([]);
    });

    it('keeps the feed to the latest few and to two queries however many there are', async () => {
      const viewer = acme.byRole('viewer').id;
      const queriesFor = (userId: string) =>
        as(acme, async (tx) => {
          const prepare = vi.spyOn(tx._.session, 'prepareQuery');
          const feed = await getNotificationFeed(tx, userId);
          const count = prepare.mock.calls.length;
          prepare.mockRestore();
          return { feed, count };
        });
      const empty = await queriesFor(viewer);
      expect(empty.feed).toEqual({ unread: 0, items: [] });
      for (let i = 0; i < feedSize + 5; i++) await send(acme, [viewer], `Update ${i}`);
      const full = await queriesFor(viewer);
      expect(full.feed.unread).toBe(feedSize + 5);
      expect(full.feed.items).toHaveLength(feedSize);
      expect(full.feed.items[0]!.title).toBe(`Update ${feedSize + 4}`);
      expect(full.count).toBeGreaterThan(0);
      expect(full.count).toBeLessThanOrEqual(2);
      expect(full.count).toBe(empty.count);
      await as(acme, (tx) => markNotificationsRead(tx, viewer, 'all'));
    });
  });

  describe('marking as read', () => {
    let owner: string;
    let admin: string;
    beforeAll(async () => {
      owner = acme.byRole('owner').id;
      admin = acme.byRole('admin').id;
      await as(acme, (tx) => markNotificationsRead(tx, owner, 'all'));
      await as(acme, (tx) => markNotificationsRead(tx, admin, 'all'));
    });

    it('marks the chosen ones, counts only what changed, and then all', async () => {
      await send(acme, [owner], 'A');
      await send(acme, [owner], 'B');
      await send(acme, [owner], 'C');
      const [c, b] = (await feedOf(acme, owner)).items;
      expect(await as(acme, (tx) => markNotificationsRead(tx, owner, [c!.id, c!.id]))).toBe(1);
      // Already read: nothing to change.
      expect(await as(acme, (tx) => markNotificationsRead(tx, owner, [c!.id]))).toBe(0);
      expect(await as(acme, (tx) => markNotificationsRead(tx, owner, []))).toBe(0);
      const feed = await feedOf(acme, owner);
      expect(feed.unread).toBe(2);
      expect(feed.items.slice(0, 2).map((i) => [i.title, i.read])).toEqual([
        ['C', true],
        ['B', false],
      ]);
      expect(b!.read).toBe(false);
      expect(await as(acme, (tx) => markNotificationsRead(tx, owner, 'all'))).toBe(2);
      expect(await as(acme, (tx) => countUnread(tx, owner))).toBe(0);
    });

    it('changes nothing for another person’s notification id', async () => {
      await send(acme, [admin], 'For the admin only');
      const [adminsId] = await idsOf(acme, admin);
      expect(await as(acme, (tx) => markNotificationsRead(tx, owner, [adminsId!]))).toBe(0);
      expect(await as(acme, (tx) => markNotificationsRead(tx, owner, 'all'))).toBe(0);
      expect(await as(acme, (tx) => countUnread(tx, admin))).toBe(1);
    });

    it('changes nothing for another organization’s id (the isolation test)', async () => {
      const theirs = other.byRole('owner').id;
      await send(other, [theirs], 'Other organization');
      const [foreignId] = await idsOf(other, theirs);
      // Even with the right person and id, acme's transaction cannot reach the other organization's row.
      expect(await as(acme, (tx) => markNotificationsRead(tx, theirs, [foreignId!]))).toBe(0);
      expect(await as(acme, (tx) => markNotificationsRead(tx, owner, [foreignId!]))).toBe(0);
      expect(await as(acme, (tx) => markNotificationsRead(tx, theirs, 'all'))).toBe(0);
      expect(await as(other, (tx) => countUnread(tx, theirs))).toBe(1);
      expect(await as(acme, (tx) => listNotifications(tx, theirs, { limit: 10 }))).toEqual([]);
      // And a read with no where at all still sees only acme's rows.
      const all = await as(acme, (tx) => tx.select({ organizationId: notifications.organizationId }).from(notifications));
      expect(new Set(all.map((r) => r.organizationId))).toEqual(new Set([acme.id]));
    });
  });

  describe('the mark-read action', () => {
    const audited = (org: Org, userId: string) =>
      as(org, (tx) =>
        tx
          .select({ entityId: auditLog.entityId, after: auditLog.after })
          .from(auditLog)
          .where(and(eq(auditLog.action, 'notification.read'), eq(auditLog.actorUserId, userId)))
          .orderBy(asc(auditLog.createdAt)),
      );

    it.each(orgRoles)('lets a %s mark their own, by id and all, and touches no one else’s', async (role) => {
      const me = acme.byRole(role).id;
      const everyone = acme.people.map((p) => p.id);
      await as(acme, async (tx) => {
        for (const p of everyone) await markNotificationsRead(tx, p, 'all');
      });
      await send(acme, everyone, `News for all, ${role}`);
      await send(acme, everyone, `More news, ${role}`);
      const [mine] = await idsOf(acme, me);
      const someoneElse = acme.people.find((p) => p.id !== me)!.id;
      const [theirs] = await idsOf(acme, someoneElse);

      const form = new FormData();
      form.append('ids', mine!);
      form.append('ids', theirs!);
      expect(await runOrgAction(db(), me, acme.slug, markReadAction, form)).toEqual({ ok: true, data: { count: 1 } });
      expect(await as(acme, (tx) => countUnread(tx, me))).toBe(1);
      expect(await as(acme, (tx) => countUnread(tx, someoneElse))).toBe(2);

      const all = new FormData();
      all.set('all', 'true');
      expect(await runOrgAction(db(), me, acme.slug, markReadAction, all)).toEqual({ ok: true, data: { count: 1 } });
      expect(await as(acme, (tx) => countUnread(tx, me))).toBe(0);
      for (const p of everyone.filter((id) => id !== me)) expect(await as(acme, (tx) => countUnread(tx, p))).toBe(2);

      expect(await audited(acme, me)).toEqual([
        { entityId: mine, after: { count: 1 } },
        { entityId: 'all', after: { count: 1 } },
      ]);
    });

    it('answers another organization’s slug with "not found", changing nothing there', async () => {
      const theirs = other.byRole('member').id;
      await send(other, [theirs], 'Other member news');
      const [foreignId] = await idsOf(other, theirs);
      const owner = acme.byRole('owner').id;
      expect(await runOrgAction(db(), owner, other.slug, markReadAction, { all: true })).toEqual({
        ok: false,
        code: 'not_found',
        error: 'Not found',
      });
      // Through acme's own slug, the other organization's id matches nothing.
      expect(await runOrgAction(db(), owner, acme.slug, markReadAction, { ids: [foreignId] })).toEqual({ ok: true, data: { count: 0 } });
      expect(await as(other, (tx) => countUnread(tx, theirs))).toBe(1);
    });

    it('asks a signed-out visitor to sign in', async () => {
      expect(await runOrgAction(db(), null, acme.slug, markReadAction, { all: true })).toMatchObject({ ok: false, code: 'unauthenticated' });
    });

    it('refuses malformed input and writes no audit entry', async () => {
      const owner = acme.byRole('owner').id;
      const before = await audited(acme, owner);
      for (const input of [{}, { ids: [] }, { ids: 'not-a-uuid' }, { all: 'false' }, { ids: [randomUUID()], all: true }]) {
        expect(await runOrgAction(db(), owner, acme.slug, markReadAction, input)).toMatchObject({ ok: false, code: 'invalid' });
      }
      expect(await audited(acme, owner)).toEqual(before);
    });
  });
});

describe('the mark-read schema', () => {
  const id = randomUUID();
  const parse = (input: unknown) => markNotificationsReadSchema.safeParse(input);

  it('takes ids as one string, several, or an array, without repeats', () => {
    expect(parse({ ids: id }).data).toEqual({ ids: [id] });
    expect(parse({ ids: [id, id] }).data).toEqual({ ids: [id] });
    expect(parse({ all: 'true' }).data).toEqual({ all: true });
    expect(parse({ all: true }).data).toEqual({ all: true });
  });

  it('refuses nothing, both, too many and non-ids', () => {
    expect(parse({}).success).toBe(false);
    expect(parse({ ids: id, all: 'true' }).success).toBe(false);
    expect(parse({ ids: Array.from({ length: 101 }, () => randomUUID()) }).success).toBe(false);
    expect(parse({ ids: Array.from({ length: 100 }, () => randomUUID()) }).success).toBe(true);
    expect(parse({ ids: ['1; drop table notifications'] }).success).toBe(false);
    expect(parse({ all: 'yes' }).success).toBe(false);
  });
});

describe('relative time', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it('says it in whole units', () => {
    expect(formatRelativeTime(ago(10), now)).toBe('just now');
    expect(formatRelativeTime(ago(90), now)).toBe('1 minute ago');
    expect(formatRelativeTime(ago(59 * 60), now)).toBe('59 minutes ago');
    expect(formatRelativeTime(ago(3 * 3600 + 50 * 60), now)).toBe('3 hours ago');
    expect(formatRelativeTime(ago(30 * 3600), now)).toBe('yesterday');
    expect(formatRelativeTime(ago(15 * 86_400), now)).toBe('2 weeks ago');
    expect(formatRelativeTime(ago(400 * 86_400).toISOString(), now)).toBe('last year');
  });
});
