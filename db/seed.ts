import { randomUUID } from 'node:crypto';
import { configuredLocation, type Database } from '.';
import { openDatabase } from './client';
import { seedDataIn } from './seed-data-in';
import { seedPerformance } from './seed-performance';
import { seedProposals } from './seed-proposals';
import { memberships, orgUnits, unitMemberships, users } from './schema';
import { appendAudit } from '@/lib/audit/mutations';
import { hashPassword } from '@/lib/auth/password';
import { sendOverdueDigestOnce } from '@/lib/jobs/overdue-digest';
import { createOrganization } from '@/lib/organizations/mutations';
import { organizationToday } from '@/lib/periods';
import type { OrgRole } from '@/lib/permissions';
import { getCompanyUnit } from '@/lib/units/queries';

/** Everyone in the demo organization signs in with this password. */
export const demoPassword = 'keel-demo-2026';
export const demoOrganization = { name: 'Acme', slug: 'acme' };

type DemoPerson = { email: string; name: string; role: OrgRole; title: string; unit?: string; unitRole?: 'head' | 'member' };

export const demoPeople: DemoPerson[] = [
  { email: 'ceo@acme.test', name: 'Ava Chen', role: 'owner', title: 'CEO' },
  { email: 'coo@acme.test', name: 'Marcus Webb', role: 'admin', title: 'COO' },
  { email: 'marketing@acme.test', name: 'Priya Nair', role: 'member', title: 'Head of Marketing', unit: 'Marketing', unitRole: 'head' },
  { email: 'paid@acme.test', name: 'Diego Alvarez', role: 'member', title: 'Lead, Paid Media', unit: 'Paid Media', unitRole: 'head' },
  { email: 'content@acme.test', name: 'Hannah Kim', role: 'member', title: 'Lead, Content', unit: 'Content', unitRole: 'head' },
  { email: 'analyst@acme.test', name: 'Sam Okafor', role: 'member', title: 'Marketing analyst', unit: 'Paid Media', unitRole: 'member' },
  { email: 'sales@acme.test', name: 'Tom Berg', role: 'member', title: 'Head of Sales', unit: 'Sales', unitRole: 'head' },
  { email: 'east@acme.test', name: 'Grace Obi', role: 'member', title: 'Lead, Agents East', unit: 'Agents East', unitRole: 'head' },
  { email: 'west@acme.test', name: 'Luca Rossi', role: 'member', title: 'Lead, Agents West', unit: 'Agents West', unitRole: 'head' },
  { email: 'agent@acme.test', name: 'Mia Novak', role: 'member', title: 'Sales agent', unit: 'Agents East', unitRole: 'member' },
  { email: 'hr@acme.test', name: 'Olivia Grant', role: 'member', title: 'Head of HR', unit: 'HR', unitRole: 'head' },
  { email: 'service@acme.test', name: 'Ken Sato', role: 'member', title: 'Head of Customer Service', unit: 'Customer Service', unitRole: 'head' },
  { email: 'support@acme.test', name: 'Nora Lind', role: 'member', title: 'Support agent', unit: 'Customer Service', unitRole: 'member' },
  { email: 'board@acme.test', name: 'Lena Ortiz', role: 'viewer', title: 'Board observer' },
];

/** Departments and their teams (product.md §7). */
export const demoStructure: Record<string, string[]> = {
  Marketing: ['Paid Media', 'Content'],
  Sales: ['Agents East', 'Agents West'],
  HR: [],
  'Customer Service': [],
};

/** Creates the demo organization when the database has no accounts yet. Returns whether it did. */
export async function seedIfEmpty(db: Database): Promise<boolean> {
  const anyone = await db.withoutTenant((tx) => tx.select({ id: users.id }).from(users).limit(1));
  if (anyone.length > 0) return false;
  await seedDemo(db);
  return true;
}

/**
 * A second copy of the demo under its own name and slug, its people at
 * `emailDomain` (ceo@<emailDomain>, …): end-to-end specs that change demo data
 * each get one, so the demo organization itself is only read.
 */
export type DemoCopy = { name: string; slug: string; emailDomain: string };

/** The demo person's email in a copy (the seeds keep naming people by their acme.test email). */
export function demoCopyEmail(email: string, copy: Pick<DemoCopy, 'emailDomain'>): string {
  return email.replace(/@acme\.test$/, `@${copy.emailDomain}`);
}

/** Seeds the demo as of `now`: twelve months of values up to the last completed month. */
export async function seedDemo(db: Database, copy?: DemoCopy, now = new Date()): Promise<void> {
  const organization = copy ?? demoOrganization;
  // The demo organization keeps the default time zone, UTC.
  const today = organizationToday({ timeZone: 'UTC' }, now);
  const people = await Promise.all(
    demoPeople.map(async (p) => ({ ...p, id: randomUUID(), passwordHash: await hashPassword(demoPassword) })),
  );
  await db.withTenant(randomUUID(), async (tx) => {
    await tx
      .insert(users)
      .values(people.map(({ id, email, name, passwordHash }) => ({ id, email: copy ? demoCopyEmail(email, copy) : email, name, passwordHash })));
    const [owner, ...others] = people;
    await createOrganization(tx, { name: organization.name, slug: organization.slug, ownerUserId: owner!.id });
    await tx.insert(memberships).values(others.map((p) => ({ organizationId: tx.organizationId, userId: p.id, role: p.role })));
    const company = await getCompanyUnit(tx);
    const unitIds = new Map<string, string>();
    for (const [department, teams] of Object.entries(demoStructure)) {
      const [dept] = await tx
        .insert(orgUnits)
        .values({ organizationId: tx.organizationId, parentId: company.id, kind: 'department', name: department })
        .returning({ id: orgUnits.id });
      unitIds.set(department, dept!.id);
      for (const team of teams) {
        const [created] = await tx
          .insert(orgUnits)
          .values({ organizationId: tx.organizationId, parentId: dept!.id, kind: 'team', name: team })
          .returning({ id: orgUnits.id });
        unitIds.set(team, created!.id);
      }
    }
    const placed = people.filter((p) => p.unit && p.unitRole);
    await tx.insert(unitMemberships).values(
      placed.map((p) => ({ organizationId: tx.organizationId, unitId: unitIds.get(p.unit!)!, userId: p.id, role: p.unitRole! })),
    );
    await appendAudit(tx, null, [
      ...others.map((p) => ({ action: 'membership.create', entityType: 'membership', entityId: p.id, after: { role: p.role } })),
      ...[...unitIds].map(([name, id]) => ({ action: 'unit.create', entityType: 'org_unit', entityId: id, unitId: id, after: { name } })),
    ]);
    await seedPerformance(tx, { people, unitIds, companyId: company.id }, today);
    await seedDataIn(tx, people, today);
    await seedProposals(tx, people, now);
    // Today's overdue digest, so the development mailbox shows one right after `npm start`.
    await sendOverdueDigestOnce(tx, today);
  });
}

export function demoSignInText(baseUrl: string): string {
  const lines = demoPeople.map((p) => `    ${p.email.padEnd(22)} ${p.title} (${p.role}${p.unitRole === 'head' ? ', head' : ''})`);
  return [
    `  Sign in at ${baseUrl}/login with password "${demoPassword}" as:`,
    ...lines,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  (async () => {
    const db = await openDatabase(configuredLocation());
    try {
      await db.migrate();
      console.log((await seedIfEmpty(db)) ? 'Demo organization created.' : 'Database already has accounts; nothing seeded.');
    } finally {
      await db.close();
    }
  })().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
