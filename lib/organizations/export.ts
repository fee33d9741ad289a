import { eq, inArray } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import type { TenantTx } from '@/db';
import { memberships, users } from '@/db/schema';
import { csvLine } from './csv';
import { columnInfo, tenantTables } from './tenant-tables';

/**
 * All of an organization's data as a zip: one CSV per table (header row of
 * column names, RFC 4180 quoting), the members' accounts without password
 * hashes, and a README that lists every file's columns. One query per table.
 */
export async function exportOrganization(tx: TenantTx, organizationName: string, now = new Date()): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const readme: string[] = [
    `# Export of ${organizationName}`,
    '',
    `Made ${now.toISOString()}. One CSV file per table, UTF-8, comma-separated, quoted per RFC 4180;`,
    'the first row names the columns. Empty cells are NULL. Timestamps are ISO 8601 in UTC; JSON columns hold JSON.',
    'Text cells starting with = + - @ are prefixed with an apostrophe so spreadsheets do not run them as formulas.',
    '',
  ];
  for (const { name, table, columns, organizationColumn } of tenantTables()) {
    const info = columnInfo(table);
    const keys = Object.keys(columns);
    const rows = (await tx.select().from(table).where(eq(organizationColumn, tx.organizationId))) as Record<string, unknown>[];
    files[`${name}.csv`] = strToU8(csvLine(info.map((c) => c.name)) + rows.map((r) => csvLine(keys.map((k) => r[k]))).join(''));
    readme.push(`## ${name}.csv (${rows.length} rows)`, '', ...info.map((c) => `- \`${c.name}\`: ${c.type}${c.notNull ? '' : ', may be empty'}`), '');
  }
  // Accounts are global; the export carries only the members', and never a password hash.
  const members = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organizationId, tx.organizationId));
  const people = members.length
    ? await tx.select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt }).from(users).where(inArray(users.id, members.map((m) => m.userId)))
    : [];
  files['users.csv'] = strToU8(csvLine(['id', 'email', 'name', 'created_at']) + people.map((p) => csvLine([p.id, p.email, p.name, p.createdAt])).join(''));
  readme.push('## users.csv', '', '- `id`: uuid', '- `email`: text', '- `name`: text', '- `created_at`: timestamp with time zone', '', 'Members’ accounts only; password hashes are never exported.', '');
  files['README.md'] = strToU8(readme.join('\n'));
  return zipSync(files, { level: 6, mtime: now });
}
