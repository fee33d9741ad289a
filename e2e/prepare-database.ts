/**
 * The e2e web server's database, before `scripts/start.ts` serves it: the
 * demo organization, which specs only read, and one copy of it per spec that
 * changes demo data (e2e/demo-copies.ts). Embedded PGlite allows one process
 * at a time, so this runs before the server opens it.
 */
import { configuredLocation } from '@/db';
import { openDatabase } from '@/db/client';
import { seedDemo, seedIfEmpty } from '@/db/seed';
import { demoCopies } from './demo-copies';

const db = await openDatabase(configuredLocation());
try {
  await db.migrate();
  if (!(await seedIfEmpty(db))) throw new Error('The e2e database already has accounts: it must start empty.');
  for (const copy of Object.values(demoCopies)) await seedDemo(db, copy);
  console.log(`Seeded the demo organization and ${Object.keys(demoCopies).length} copies for the e2e specs.`);
} finally {
  await db.close();
}
