import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { invitations, memberships, orgUnits, unitMemberships, users } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { acceptWithNewAccount } from '@/lib/invitations/mutations';
import { newInvitationToken } from '@/lib/invitations/token';
import { peopleActions } from '@/lib/people/actions';
import { unitActions } from './actions';

/**
 * Viewers only read (product.md §2), and a head row is a write grant: no path
 * of the product makes a viewer head a unit — assigning a head, inviting, accepting
 * an invitation, or making a head a viewer.
 */

/** Every action runs at this moment, whatever the machine's clock says. */
const now = new Date('2026-05-15T10:00:00Z');

const tables = ['memberships', 'unit_memberships', 'invitations', 'email_outbox', 'notifications', 'audit_log'];

async function snapshot(db: Database): Promise<Record<string, string>> {
  const digests = tables.map((t) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${t} t) as ${t}`).join(', ');
  const result = (await db.owner.execute(sql.raw(`select ${digests}`))) as unknown as { rows?: Record<string, string>[] } | Record<string, string>[];
  return (Array.isArray(result) ? result : result.rows!)[0]!;
}

describeEachDatabase('no viewer heads a unit', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let owner: string;
  let company: string;

  const addUnit = async (name: string, archived = false) => {
    const [unit] = await db().withTenant(org.id, (tx) =>
      tx
        .insert(orgUnits)
        .values({ organizationId: org.id, parentId: company, kind: 'department', name, archivedAt: archived ? new Date('2025-01-01T00:00:00Z') : null })
        .returning({ id: orgUnits.id }),
    );
    return unit!.id;
  };

  const addPerson = async (role: 'member' | 'viewer', name: string) => {
    const id = randomUUID();
    await db().withTenant(org.id, async (tx) => {
      await tx.insert(users).values({ id, email: `${id}@example.test`, name, passwordHash: 'x' });
      await tx.insert(memberships).values({ organizationId: org.id, userId: id, role });
    });
    return id;
  };

  const unitRole = async (unitId: string, userId: string) => {
    const [row] = await db().withTenant(org.id, (tx) =>
      tx
        .select({ role: unitMemberships.role })
        .from(unitMemberships)
        .where(and(eq(unitMemberships.unitId, unitId), eq(unitMemberships.userId, userId))),
    );
    return row?.role ?? null;
  };

  const orgRole = async (userId: string) => {
    const [row] = await db().withTenant(org.id, (tx) => tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, userId)));
    return row?.role;
  };

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Viewer heads', ['owner', 'admin']);
    owner = org.byRole('owner').id;
    company = (await db().withTenant(org.id, (tx) => tx.select({ id: orgUnits.id }).from(orgUnits)))[0]!.id;
  });

  describe('assigning a head', () => {
    it('refuses to make a viewer head, naming them, next to the role field; nothing changes', async () => {
      const unit = await addUnit('Finance');
      const viewer = await addPerson('viewer', 'Lena Ortiz');
      const before = await snapshot(db());
      const result = await runOrgAction(db(), owner, org.slug, unitActions.setPerson, { unitId: unit, userId: viewer, role: 'head' }, { now });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe('invalid');
      expect(result.error).toBe('Lena Ortiz is a viewer, and viewers cannot head a unit: they only read.');
      expect(result.fieldErrors?.role?.[0]).toMatch(/^A viewer cannot head Finance\. Make Lena Ortiz a member of the organization first/);
      expect(await snapshot(db())).toEqual(before);
    });

    it('refuses to turn a viewer who is a member of the unit into its head; they stay a member', async () => {
      const unit = await addUnit('Legal');
      const viewer = await addPerson('viewer', 'Board observer');
      const added = await runOrgAction(db(), owner, org.slug, unitActions.setPerson, { unitId: unit, userId: viewer, role: 'member' }, { now });
      expect(added.ok).toBe(true);
      const before = await snapshot(db());
      const result = await runOrgAction(db(), org.byRole('admin').id, org.slug, unitActions.setPerson, { unitId: unit, userId: viewer, role: 'head' }, { now });
      expect(result.ok ? 'ok' : result.code).toBe('invalid');
      expect(await snapshot(db())).toEqual(before);
      expect(await unitRole(unit, viewer)).toBe('member');
    });

    it('makes a member head as before', async () => {
      const unit = await addUnit('Operations');
      const member = await addPerson('member', 'Ken Sato');
      const result = await runOrgAction(db(), owner, org.slug, unitActions.setPerson, { unitId: unit, userId: member, role: 'head' }, { now });
      expect(result.ok).toBe(true);
      expect(await unitRole(unit, member)).toBe('head');
    });
  });

  describe('invitations', () => {
    it('refuses to invite a viewer as head of a unit, next to the unit role field; nothing changes', async () => {
      const unit = await addUnit('Procurement');
      const before = await snapshot(db());
      const result = await runOrgAction(db(), owner, org.slug, peopleActions.invite, { email: 'observer@example.test', role: 'viewer', unitId: unit, unitRole: 'head' }, { now });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe('invalid');
      expect(result.error).toMatch(/^Viewers cannot head a unit/);
      expect(result.fieldErrors).toEqual({ unitRole: ['A viewer cannot head a unit: choose Member'] });
      expect(await snapshot(db())).toEqual(before);
    });

    it('invites a viewer as a member of a unit, and a member as its head', async () => {
      const unit = await addUnit('Facilities');
      const viewer = await runOrgAction(db(), owner, org.slug, peopleActions.invite, { email: 'watcher@example.test', role: 'viewer', unitId: unit, unitRole: 'member' }, { now });
      const head = await runOrgAction(db(), owner, org.slug, peopleActions.invite, { email: 'lead@example.test', role: 'member', unitId: unit, unitRole: 'head' }, { now });
      expect([viewer.ok, head.ok]).toEqual([true, true]);
    });

    it('an older invitation of a viewer as head makes them a member of the unit when accepted', async () => {
      const unit = await addUnit('Security');
      const { token, tokenHash } = newInvitationToken();
      await db().withTenant(org.id, (tx) =>
        tx.insert(invitations).values({
          organizationId: org.id,
          email: 'legacy@example.test',
          role: 'viewer',
          unitId: unit,
          unitRole: 'head',
          tokenHash,
          invitedBy: owner,
          expiresAt: new Date('2026-05-22T10:00:00Z'),
        }),
      );
      const accepted = await acceptWithNewAccount(db(), { token, name: 'Legacy Viewer', password: 'a long enough password 1' }, now);
      expect(accepted.ok).toBe(true);
      const [user] = await db().withTenant(org.id, (tx) => tx.select({ id: users.id }).from(users).where(eq(users.email, 'legacy@example.test')));
      expect(await orgRole(user!.id)).toBe('viewer');
      expect(await unitRole(unit, user!.id)).toBe('member');
    });
  });

  describe('making a head a viewer', () => {
    it('refuses while they head live units, naming every one; nothing changes; after stepping down it goes through', async () => {
      const marketing = await addUnit('Marketing');
      const sales = await addUnit('Sales');
      const head = await addPerson('member', 'Priya Nair');
      for (const unitId of [marketing, sales]) {
        const made = await runOrgAction(db(), owner, org.slug, unitActions.setPerson, { unitId, userId: head, role: 'head' }, { now });
        expect(made.ok).toBe(true);
      }
      const before = await snapshot(db());
      const refused = await runOrgAction(db(), owner, org.slug, peopleActions.changeRole, { userId: head, role: 'viewer' }, { now });
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.code).toBe('conflict');
      expect(refused.error).toBe(
        'Priya Nair heads Marketing and Sales, and viewers cannot head a unit. Make someone else head (or take Priya Nair off as head) on those units’ pages first.',
      );
      expect(refused.fieldErrors).toEqual({ role: ['Heads Marketing and Sales: a viewer cannot head a unit'] });
      expect(await snapshot(db())).toEqual(before);

      await runOrgAction(db(), owner, org.slug, unitActions.setPerson, { unitId: marketing, userId: head, role: 'member' }, { now });
      const stillSales = await runOrgAction(db(), owner, org.slug, peopleActions.changeRole, { userId: head, role: 'viewer' }, { now });
      expect(stillSales.ok ? 'ok' : stillSales.error).toMatch(/^Priya Nair heads Sales, and viewers cannot head a unit\. .* on that unit’s page first\.$/);

      await runOrgAction(db(), owner, org.slug, unitActions.setPerson, { unitId: sales, userId: head, role: 'none' }, { now });
      const changed = await runOrgAction(db(), owner, org.slug, peopleActions.changeRole, { userId: head, role: 'viewer' }, { now });
      expect(changed.ok).toBe(true);
      expect(await orgRole(head)).toBe('viewer');
      expect(await unitRole(marketing, head)).toBe('member');
    });

    it('turns a head row on an archived unit (whose people cannot change any more) into a member row', async () => {
      const archived = await addUnit('Old division', true);
      const head = await addPerson('member', 'Former Head');
      await db().withTenant(org.id, (tx) => tx.insert(unitMemberships).values({ organizationId: org.id, unitId: archived, userId: head, role: 'head' }));
      const changed = await runOrgAction(db(), owner, org.slug, peopleActions.changeRole, { userId: head, role: 'viewer' }, { now });
      expect(changed.ok).toBe(true);
      expect(await orgRole(head)).toBe('viewer');
      expect(await unitRole(archived, head)).toBe('member');
    });

    it('still lets a head become an admin', async () => {
      const unit = await addUnit('Research');
      const head = await addPerson('member', 'Ravi Head');
      await runOrgAction(db(), owner, org.slug, unitActions.setPerson, { unitId: unit, userId: head, role: 'head' }, { now });
      const changed = await runOrgAction(db(), owner, org.slug, peopleActions.changeRole, { userId: head, role: 'admin' }, { now });
      expect(changed.ok).toBe(true);
      expect(await unitRole(unit, head)).toBe('head');
    });
  });
});
