/**
 * Copies of the demo organization for the specs that change demo data (values
 * owed, check-ins, proposals): seeded before the server starts
 * (e2e/prepare-database.ts), one per spec, so the demo organization "acme" is
 * only ever read and no spec sees another's writes.
 */
export const demoCopies = {
  myUpdates: { name: 'Acme (my updates)', slug: 'acme-my-updates', emailDomain: 'my-updates.acme.test' },
  proposals: { name: 'Acme (proposals)', slug: 'acme-proposals', emailDomain: 'proposals.acme.test' },
} as const;

export type DemoCopyName = keyof typeof demoCopies;

/** A demo person's email in a copy: `analyst` → analyst@my-updates.acme.test (db/seed.ts demoCopyEmail). */
export function copyEmail(copy: DemoCopyName, local: string): string {
  return `${local}@${demoCopies[copy].emailDomain}`;
}
