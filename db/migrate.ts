import { configuredLocation } from '.';
import { openDatabase } from './client';

/** `npm run db:migrate`: applies the committed migrations to the configured database. */
export async function migrateConfiguredDatabase(): Promise<void> {
  const db = await openDatabase(configuredLocation());
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  migrateConfiguredDatabase().then(
    () => console.log('Migrations applied.'),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
