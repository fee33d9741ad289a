import { eq, inArray } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { measurements, memberships, metrics, organizations, users } from './schema';
import { demoCopyEmail, demoOrganization, demoPeople, seedDemo } from './seed';
import { describeEachDatabase } from './testing';

/** A fixed clock: the copy is the same demo, seeded for the same day. */
const now = new Date('2026-11-18T10:00:00Z');
const copy = { name: 'Acme (copy)', slug: 'acme-copy', emailDomain: 'copy.acme.test' };

describeEachDatabase('a copy of the demo', (db) => {
  const orgs = new Map<string, string>();

  beforeAll(async () => {
    await seedDemo(db(), undefined, now);
    await seedDemo(db(), copy, now);
    const rows = await db().owner.select({ id: organizations.id, slug: organizations.slug, name: organizations.name }).from(organizations);
    for (const row of rows) orgs.set(row.slug, row.id);
    expect(rows.find((r) => r.slug === copy.slug)?.name).toBe(copy.name);
  }, 120_000);

  const peopleOf = (slug: string) =>
    db()
      .owner.select({ email: users.email, name: users.name, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, orgs.get(slug)!));

  it('gives the copy its own people, at its email domain, with the demo roles; the demo keeps its own', async () => {
    const byEmail = (rows: { email: string; name: string; role: string }[]) => rows.sort((a, b) => a.email.localeCompare(b.email));
    expect(byEmail(await peopleOf(copy.slug))).toEqual(
      byEmail(demoPeople.map((p) => ({ email: demoCopyEmail(p.email, copy), name: p.name, role: p.role }))),
    );
    expect(byEmail(await peopleOf(demoOrganization.slug))).toEqual(byEmail(demoPeople.map((p) => ({ email: p.email, name: p.name, role: p.role }))));
    expect(demoCopyEmail('ceo@acme.test', copy)).toBe('ceo@copy.acme.test');
  });

  it('seeds the same metrics and values into the copy, apart from the demo', async () => {
    const countsOf = (slug: string) =>
      db().withTenant(orgs.get(slug)!, async (tx) => {
        const rows = await tx.select({ id: metrics.id, key: metrics.key }).from(metrics).where(eq(metrics.organizationId, tx.organizationId));
        const values = await tx.select({ metricId: measurements.metricId }).from(measurements).where(inArray(measurements.metricId, rows.map((r) => r.id)));
        return { keys: rows.map((r) => r.key).sort(), values: values.length };
      });
    const demo = await countsOf(demoOrganization.slug);
    expect(demo.keys).toContain('webinar_signups');
    expect(demo.values).toBeGreaterThan(100);
    expect(await countsOf(copy.slug)).toEqual(demo);
  });
});
