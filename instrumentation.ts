/** Opens the database at server start, so the first visitor does not pay for it. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDatabase } = await import('@/db');
  await getDatabase();
}
