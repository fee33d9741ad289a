import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { rowsOf } from './client';
import { auditLog, memberships, organizations, orgUnits } from './schema';
import { describeEachDatabase, makeOrganization } from './testing';

/** The database's own message: drizzle wraps it as the cause of "Failed query: …". */
async function databaseError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { cause?: Error }).cause?.message ?? (error as Error).message);
  }
  return 'no error';
}

describeEachDatabase('tenancy locks', (db) => {
  let a: Awaited<ReturnType<typeof makeOrganization>>;
  let b: Awaited<ReturnType<typeof makeOrganization>>;

  beforeAll(async () => {
    a = await makeOrganization(db(), 'Alpha', ['owner', 'member']);
    b = await makeOrganization(db(), 'Beta', ['owner', 'viewer', 'member']);
  });

  it('a query through withTenant with no where sees only its own organization', async () => {
    const seen = await db().withTenant(a.id, async (tx) => ({
      organizations: await tx.select().from(organizations),
      memberships: await tx.select().from(memberships),
      units: await tx.select().from(orgUnits),
      audit: await tx.select().from(auditLog),
    }));
    expect(seen.organizations.map((o) => o.id)).toEqual([a.id]);
    expect(seen.memberships).toHaveLength(2);
    expect(seen.units).toHaveLength(1);
    expect(seen.audit.length).toBeGreaterThan(0);
    for (const rows of [seen.memberships, seen.units, seen.audit]) {
      expect(new Set(rows.map((r) => r.organizationId))).toEqual(new Set([a.id]));
    }
  });

  it('with no organization set, every tenant table reads as empty', async () => {
    const counts = await db().withoutTenant(async (tx) => [
      await tx.$count(organizations),
      await tx.$count(memberships),
      await tx.$count(orgUnits),
      await tx.$count(auditLog),
    ]);
    expect(counts).toEqual([0, 0, 0, 0]);
  });

  it('refuses to write another organization’s rows, and updates touch none of them', async () => {
    const insert = db().withTenant(a.id, (tx) =>
      tx.insert(orgUnits).values({ organizationId: b.id, kind: 'department', name: 'Spy', parentId: null }),
    );
    expect(await databaseError(insert)).toMatch(/row-level security/);
    const updated = await db().withTenant(a.id, (tx) =>
      tx.update(organizations).set({ name: 'Hijacked' }).where(eq(organizations.id, b.id)).returning(),
    );
    expect(updated).toHaveLength(0);
    const deleted = await db().withTenant(a.id, (tx) => tx.delete(memberships).where(eq(memberships.organizationId, b.id)).returning());
    expect(deleted).toHaveLength(0);
    const [beta] = await db().withTenant(b.id, (tx) => tx.select().from(organizations));
    expect(beta?.name).toBe('Beta');
    expect(await db().withTenant(b.id, (tx) => tx.$count(memberships))).toBe(3);
  });

  it('runs tenant queries as a role that is not superuser, does not bypass RLS and owns no table', async () => {
    const [role] = await db().withTenant(a.id, async (tx) =>
      rowsOf<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>(
        await tx.execute(sql`
          select current_user, r.rolsuper, r.rolbypassrls,
                 (select count(*)::int from pg_tables t where t.schemaname = 'public' and t.tableowner = current_user) as owned
          from pg_roles r where r.rolname = current_user`),
      ),
    );
    expect(role).toEqual({ current_user: 'app_user', rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it('keeps the audit log append-only for the application', async () => {
    const update = db().withTenant(a.id, (tx) => tx.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.organizationId, a.id)));
    expect(await databaseError(update)).toMatch(/permission denied/);
    const remove = db().withTenant(a.id, (tx) => tx.delete(auditLog).where(eq(auditLog.organizationId, a.id)));
    expect(await databaseError(remove)).toMatch(/permission denied/);
    const entries = await db().withTenant(a.id, (tx) => tx.select().from(auditLog));
    expect(entries.every((e) => e.action !== 'forged')).toBe(true);
  });

  it('a composite foreign key refuses a cross-organization reference even when the application and RLS are skipped', async () => {
    const [betaCompany] = await db().withTenant(b.id, (tx) => tx.select({ id: orgUnits.id }).from(orgUnits));
    // The owner connection bypasses RLS: only the schema stands in the way.
    const insert = db().owner.insert(orgUnits).values({ organizationId: a.id, kind: 'department', name: 'Smuggled', parentId: betaCompany!.id });
    expect(await databaseError(insert)).toMatch(/foreign key/);
    expect(await db().withTenant(a.id, (tx) => tx.$count(orgUnits))).toBe(1);
  });

  it('forces row-level security with a policy on every table that has organization_id', async () => {
    const tables = rowsOf<{ table: string; enabled: boolean; forced: boolean; policies: number }>(
      await db().owner.execute(sql`
        select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
               (select count(*)::int from pg_policies p where p.tablename = c.relname and p.schemaname = 'public') as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and (c.relname = 'organizations'
               or exists (select 1 from information_schema.columns col
                          where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'organization_id'))
        order by 1`),
    );
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['audit_log', 'memberships', 'org_units', 'organizations']));
    for (const t of tables) expect(t, t.table).toMatchObject({ enabled: true, forced: true });
    for (const t of tables) expect(t.policies, t.table).toBeGreaterThan(0);
  });

  it('withUser sees the person’s own memberships and organizations, nobody else’s', async () => {
    const member = a.byRole('member');
    const seen = await db().withUser(member.id, async (tx) => ({
      organizations: await tx.select({ id: organizations.id }).from(organizations),
      memberships: await tx.select().from(memberships),
      units: await tx.select().from(orgUnits),
    }));
    expect(seen.organizations.map((o) => o.id)).toEqual([a.id]);
    expect(seen.memberships.map((m) => m.userId)).toEqual([member.id]);
    expect(seen.units).toHaveLength(0);
  });

  it('refuses an organization id that is not a uuid before touching the database', async () => {
    await expect(db().withTenant("x' or 1=1 --", async () => 1)).rejects.toThrow();
    await expect(db().withTenant(randomUUID(), (tx) => tx.$count(organizations))).resolves.toBe(0);
  });
});
