import { and, eq, sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/client';
import { demoOrganization, seedDemo } from '@/db/seed';
import { apiTokens, auditLog, emailOutbox, measurements, organizations, periodLocks, users } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { organizationActions } from './actions';
import { csvCell } from './csv';
import { deleteOrganization } from './delete';
import { exportOrganization } from './export';
import { readPolicy } from './policy';
import { redirectedPath, resolveSlugRedirect } from './settings';
import { organizationSettingsActions } from './settings-actions';
import { tenantTables } from './tenant-tables';

type Org = Awaited<ReturnType<typeof makeOrganization>>;

describeEachDatabase('organization slug, approval policy, export and deletion', (db) => {
  let bravo: Org;
  let charlie: Org;
  let acme: { id: string; slug: string; ownerId: string; adminId: string };

  /** Rows per tenant table for one organization, read past RLS: the whole schema, not a hand-kept list. */
  async function countsOf(organizationId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { name, table, organizationColumn } of tenantTables()) {
      counts[name] = await db().owner.$count(table, eq(organizationColumn, organizationId));
    }
    return counts;
  }
  const globalCounts = async () => ({ users: await db().owner.$count(users) });

  beforeAll(async () => {
    await seedDemo(db());
    const [org] = await db().owner.select().from(organizations).where(eq(organizations.slug, demoOrganization.slug));
    const people = rowsOf<{ id: string; role: string }>(
      await db().owner.execute(sql`select user_id as id, role from memberships where organization_id = ${org!.id}`),
    );
    acme = { id: org!.id, slug: org!.slug, ownerId: people.find((p) => p.role === 'owner')!.id, adminId: people.find((p) => p.role === 'admin')!.id };
    bravo = await makeOrganization(db(), 'Bravo', ['owner', 'admin', 'member']);
    charlie = await makeOrganization(db(), 'Charlie', ['owner']);
  });

  it('changes the slug, keeps the old one as a redirect for members only, and audits it', async () => {
    const old = bravo.slug;
    const result = await runOrgAction(db(), bravo.byRole('admin').id, old, organizationSettingsActions.changeSlug, { slug: 'Bravo-Renamed' });
    expect(result).toEqual({ ok: true, data: { slug: 'bravo-renamed' } });
    bravo = { ...bravo, slug: 'bravo-renamed' };
    expect(await db().withUser(bravo.byRole('member').id, (tx) => resolveSlugRedirect(tx, old))).toBe('bravo-renamed');
    expect(await db().withUser(charlie.byRole('owner').id, (tx) => resolveSlugRedirect(tx, old))).toBeNull();
    expect(redirectedPath(`/${old}/kpis/42?period=2026-03`, 'bravo-renamed')).toBe('/bravo-renamed/kpis/42?period=2026-03');
    const [entry] = await db().withTenant(bravo.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, 'organization.slug')));
    expect(entry).toMatchObject({ before: { slug: old }, after: { slug: 'bravo-renamed' } });
    // Its own old slug can be taken back; another organization's old or current slug cannot.
    expect(await runOrgAction(db(), bravo.byRole('owner').id, bravo.slug, organizationSettingsActions.changeSlug, { slug: old })).toMatchObject({ ok: true });
    expect(await runOrgAction(db(), bravo.byRole('owner').id, old, organizationSettingsActions.changeSlug, { slug: 'bravo-renamed' })).toMatchObject({ ok: true });
    const taken = await runOrgAction(db(), charlie.byRole('owner').id, charlie.slug, organizationSettingsActions.changeSlug, { slug: old });
    expect(taken).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { slug: [expect.stringMatching(/taken.*Try “bravo-2”/)] } });
    const current = await runOrgAction(db(), charlie.byRole('owner').id, charlie.slug, organizationSettingsActions.changeSlug, { slug: acme.slug });
    expect(current).toMatchObject({ ok: false, fieldErrors: { slug: [expect.stringContaining('taken')] } });
  });

  it('refuses reserved and malformed slugs with a suggestion, changing nothing', async () => {
    const reserved = await runOrgAction(db(), charlie.byRole('owner').id, charlie.slug, organizationSettingsActions.changeSlug, { slug: 'account' });
    expect(reserved).toMatchObject({ ok: false, fieldErrors: { slug: [expect.stringMatching(/reserved.*Try “org-account”/)] } });
    const bad = await runOrgAction(db(), charlie.byRole('owner').id, charlie.slug, organizationSettingsActions.changeSlug, { slug: '-bad slug-' });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { slug: [expect.stringMatching(/lowercase letters.*Try “bad-slug”/)] } });
    const [row] = await db().owner.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, charlie.id));
    expect(row!.slug).toBe(charlie.slug);
  });

  it('saves the approval policy for owners and admins only, keeping the other policies', async () => {
    expect(await runOrgAction(db(), bravo.byRole('member').id, bravo.slug, organizationSettingsActions.updateApprovalPolicy, { consensus: 'majority' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    const saved = await runOrgAction(db(), bravo.byRole('admin').id, bravo.slug, organizationSettingsActions.updateApprovalPolicy, { consensus: 'majority', allowSelfApproval: 'on' });
    expect(saved).toEqual({ ok: true, data: { consensus: 'majority', allowSelfApproval: true } });
    const [row] = await db().owner.select({ policy: organizations.policy }).from(organizations).where(eq(organizations.id, bravo.id));
    expect(readPolicy(row!.policy)).toMatchObject({ consensus: 'majority', allowSelfApproval: true, scoreCap: 1.2 });
    const bad = await runOrgAction(db(), bravo.byRole('admin').id, bravo.slug, organizationSettingsActions.updateApprovalPolicy, { consensus: 'most' });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { consensus: ['Choose unanimous or majority'] } });
  });

  it('validates the time zone against the IANA list, saves and audits it', async () => {
    const bad = await runOrgAction(db(), bravo.byRole('owner').id, bravo.slug, organizationActions.updateSettings, { name: 'Bravo', fiscalYearStartMonth: '1', timeZone: 'Mars/Olympus' });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { timeZone: [expect.stringContaining('Choose a time zone from the list')] } });
    const good = await runOrgAction(db(), bravo.byRole('owner').id, bravo.slug, organizationActions.updateSettings, { name: 'Bravo', fiscalYearStartMonth: '4', timeZone: 'Europe/Berlin' });
    expect(good).toMatchObject({ ok: true, data: { timeZone: 'Europe/Berlin', fiscalYearStartMonth: 4 } });
    const [entry] = await db().withTenant(bravo.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, 'organization.update')));
    expect(entry).toMatchObject({ before: { timeZone: 'UTC' }, after: { timeZone: 'Europe/Berlin' } });
  });

  it('exports one CSV per tenant table with a README, and nothing of another organization', async () => {
    const zip = await db().withTenant(acme.id, (tx) => exportOrganization(tx, 'Acme'));
    const files = unzipSync(zip);
    const names = Object.keys(files).sort();
    for (const { name } of tenantTables()) expect(names).toContain(`${name}.csv`);
    expect(names).toEqual(expect.arrayContaining(['README.md', 'users.csv']));
    const readme = strFromU8(files['README.md']!);
    expect(readme).toContain('## measurements.csv');
    expect(readme).toContain('`organization_id`: uuid');
    const orgs = strFromU8(files['organizations.csv']!).trim().split('\r\n');
    expect(orgs).toHaveLength(2);
    expect(orgs[1]).toContain(acme.id);
    const all = Object.values(files).map((f) => strFromU8(f)).join('\n');
    expect(all).not.toContain(bravo.id);
    expect(strFromU8(files['users.csv']!)).not.toMatch(/argon2/);
    expect(strFromU8(files['measurements.csv']!).split('\r\n').length).toBeGreaterThan(100);
  });

  it('deletion is for owners who type the name; another organization’s slug is not found', async () => {
    expect(await deleteOrganization(db(), acme.adminId, acme.slug, { confirmName: 'Acme' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await deleteOrganization(db(), acme.ownerId, acme.slug, { confirmName: 'acme' })).toMatchObject({
      ok: false,
      fieldErrors: { confirmName: ['Type Acme exactly to confirm'] },
    });
    expect(await deleteOrganization(db(), acme.ownerId, bravo.slug, { confirmName: 'Bravo' })).toMatchObject({ ok: false, code: 'not_found' });
    // The database function refuses any organization but the transaction's own.
    const sneaky = db().withTenant(acme.id, (tx) => tx.execute(sql`select delete_organization(${bravo.id}::uuid)`));
    await expect(sneaky).rejects.toThrow();
    expect(await db().owner.$count(organizations)).toBe(3);
  });

  it('deleting an organization removes every row of it in every table and nothing of the others', async () => {
    // Make the hardest case: a value recorded by an API token, inside a locked period (the trigger refuses updates there).
    const [token] = await db()
      .owner.insert(apiTokens)
      .values({ organizationId: acme.id, name: 'ci', scope: 'write', tokenHash: 'h'.repeat(64), prefix: 'keel_x' })
      .returning({ id: apiTokens.id });
    const [value] = await db().owner.select().from(measurements).where(eq(measurements.organizationId, acme.id)).limit(1);
    await db()
      .owner.update(measurements)
      .set({ recordedByTokenId: token!.id })
      .where(and(eq(measurements.organizationId, acme.id), eq(measurements.metricId, value!.metricId), eq(measurements.date, value!.date)));
    await db().owner.insert(periodLocks).values({ organizationId: acme.id, periodKey: 'x', kind: 'year', startDate: '2000-01-01', endDate: '2100-12-31' });
    await runOrgAction(db(), acme.ownerId, acme.slug, organizationSettingsActions.changeSlug, { slug: 'acme-old' });

    const acmeBefore = await countsOf(acme.id);
    const nonEmpty = Object.entries(acmeBefore).filter(([, n]) => n > 0).map(([t]) => t);
    expect(nonEmpty).toEqual(expect.arrayContaining(['api_tokens', 'audit_log', 'kpis', 'measurements', 'organization_slug_redirects', 'period_locks']));
    const others = { bravo: await countsOf(bravo.id), charlie: await countsOf(charlie.id) };
    const global = await globalCounts();
    const outbox = await db().owner.$count(emailOutbox);
    const members = acmeBefore.memberships!;

    expect(await deleteOrganization(db(), acme.ownerId, 'acme-old', { confirmName: ' Acme ' })).toEqual({ ok: true, data: { name: 'Acme' } });

    const acmeAfter = await countsOf(acme.id);
    expect(Object.values(acmeAfter).every((n) => n === 0), JSON.stringify(acmeAfter)).toBe(true);
    expect(await countsOf(bravo.id)).toEqual(others.bravo);
    expect(await countsOf(charlie.id)).toEqual(others.charlie);
    expect(await globalCounts()).toEqual(global);
    // Every member was told.
    expect(members).toBeGreaterThan(5);
    expect(await db().owner.$count(emailOutbox)).toBe(outbox + members);
    expect(await db().withUser(acme.ownerId, (tx) => resolveSlugRedirect(tx, 'acme'))).toBeNull();
  });

  it('deleting a small organization leaves the others whole too', async () => {
    const before = await countsOf(bravo.id);
    const charlieBefore = await countsOf(charlie.id);
    expect(Object.values(before).some((n) => n > 0)).toBe(true);
    expect(await deleteOrganization(db(), charlie.byRole('owner').id, charlie.slug, { confirmName: 'Charlie' })).toMatchObject({ ok: true });
    expect(Object.values(await countsOf(charlie.id)).every((n) => n === 0)).toBe(true);
    expect(charlieBefore.organizations).toBe(1);
    expect(await countsOf(bravo.id)).toEqual(before);
  });
});

describe('CSV cells', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});
