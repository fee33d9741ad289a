import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates migrations here; the app applies them (npm run db:migrate, npm start).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
  entities: { roles: { provider: '' } },
});
