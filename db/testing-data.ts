import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createOrganization } from '@/lib/organizations/mutations';
import type { OrgRole } from '@/lib/permissions';
import type { Database } from './client';
import { memberships, users } from './schema';

/** A fresh database on a PostgreSQL server, for one test file or benchmark, dropped afterwards. */
export async function createPostgresDatabase(serverUrl: string) {
  const name = `keel_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A quick organization with people in the given roles, made the way sign-up and the seed make them. */
export async function makeOrganization(db: Database, name: string, roles: OrgRole[] = ['owner']) {
  const organizationId = randomUUID();
  const people = roles.map((role, i) => ({
    id: randomUUID(),
    role,
    email: `${role}-${i}-${randomBytes(4).toString('hex')}@example.test`,
  }));
  const slug = await db.withTenant(organizationId, async (tx) => {
    await tx.insert(users).values(people.map((p) => ({ id: p.id, email: p.email, name: p.email, passwordHash: 'x' })));
    const [owner, ...rest] = people;
    const created = await createOrganization(tx, { name, ownerUserId: owner!.id });
    if (rest.length) {
      await tx.insert(memberships).values(rest.map((p) => ({ organizationId, userId: p.id, role: p.role })));
    }
    return created;
  });
  const byRole = (role: OrgRole) => people.find((p) => p.role === role)!;
  return { id: organizationId, slug, people, byRole };
}
