import { randomUUID } from 'node:crypto';
import { configuredLocation, type Database } from '.';
import { openDatabase } from './client';
import { memberships, users } from './schema';
import { appendAudit } from '@/lib/audit/mutations';
import { hashPassword } from '@/lib/auth/password';
import { createOrganization } from '@/lib/organizations/mutations';
import type { OrgRole } from '@/lib/permissions';

/** Everyone in the demo organization signs in with this password. */
export const demoPassword = 'keel-demo-2026';
export const demoOrganization = { name: 'Acme', slug: 'acme' };

export const demoPeople: { email: string; name: string; role: OrgRole; title: string }[] = [
  { email: 'ceo@acme.test', name: 'Ava Chen', role: 'owner', title: 'CEO' },
  { email: 'coo@acme.test', name: 'Marcus Webb', role: 'admin', title: 'COO' },
  { email: 'marketing@acme.test', name: 'Priya Nair', role: 'member', title: 'Head of Marketing' },
  { email: 'sales@acme.test', name: 'Tom Berg', role: 'member', title: 'Head of Sales' },
  { email: 'analyst@acme.test', name: 'Sam Okafor', role: 'member', title: 'Marketing analyst' },
  { email: 'board@acme.test', name: 'Lena Ortiz', role: 'viewer', title: 'Board observer' },
];

/** Creates the demo organization when the database has no accounts yet. Returns whether it did. */
export async function seedIfEmpty(db: Database): Promise<boolean> {
  const anyone = await db.withoutTenant((tx) => tx.select({ id: users.id }).from(users).limit(1));
  if (anyone.length > 0) return false;
  await seedDemo(db);
  return true;
}

export async function seedDemo(db: Database): Promise<void> {
  const people = await Promise.all(
    demoPeople.map(async (p) => ({ ...p, id: randomUUID(), passwordHash: await hashPassword(demoPassword) })),
  );
  await db.withTenant(randomUUID(), async (tx) => {
    await tx.insert(users).values(people.map(({ id, email, name, passwordHash }) => ({ id, email, name, passwordHash })));
    const [owner, ...others] = people;
    await createOrganization(tx, { name: demoOrganization.name, slug: demoOrganization.slug, ownerUserId: owner!.id });
    await tx.insert(memberships).values(others.map((p) => ({ organizationId: tx.organizationId, userId: p.id, role: p.role })));
    await appendAudit(
      tx,
      null,
      others.map((p) => ({ action: 'membership.create', entityType: 'membership', entityId: p.id, after: { role: p.role } })),
    );
  });
}

export function demoSignInText(baseUrl: string): string {
  const lines = demoPeople.map((p) => `    ${p.email.padEnd(22)} ${p.title} (${p.role})`);
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
