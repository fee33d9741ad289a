const emailWorkerKey = Symbol.for('keel.emailWorker');

/**
 * Opens the database at server start, so the first visitor does not pay for it,
 * and starts email delivery in this process. With PGlite the server is the only
 * process that may open the database, so it must deliver; on PostgreSQL extra
 * `npm run worker` processes may run beside it (they never claim the same message; delivery is at least once, see README).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDatabase } = await import('@/db');
  const db = await getDatabase();

  // Next may load this file more than once per process; one worker is enough.
  const holder = globalThis as { [emailWorkerKey]?: true };
  if (holder[emailWorkerKey]) return;
  holder[emailWorkerKey] = true;
  const { transportFromEnv } = await import('@/lib/email/transport');
  const { startEmailWorker } = await import('@/lib/email/worker');
  const { sendDueReminders } = await import('@/lib/proposals/reminders');
  const { runDailyWork } = await import('@/lib/jobs/daily');
  try {
    const transport = transportFromEnv();
    startEmailWorker(db, transport, undefined, async () => {
      await sendDueReminders(db, new Date());
      await runDailyWork(db);
    });
    console.log(`[mail] delivering email through ${transport.name === 'smtp' ? 'SMTP' : 'the development mailbox at /dev/mailbox'}`);
  } catch (error) {
    console.error('[mail] email delivery is off:', error instanceof Error ? error.message : error);
  }
}
