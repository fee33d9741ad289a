/**
 * `npm run worker`: delivers email as a process of its own, for PostgreSQL
 * (DATABASE_URL) deployments that want delivery apart from the web server, or
 * more of it. Any number of these may run beside the servers: each message is
 * claimed by exactly one of them.
 *
 * With the embedded PGlite database only the server process may open the data
 * folder (a second process is refused by its lock), and the server already
 * delivers email itself (instrumentation.ts), so there is no need for this.
 */
import { getDatabase } from '@/db';
import { transportFromEnv } from '@/lib/email/transport';
import { startEmailWorker } from '@/lib/email/worker';
import { runDailyWork } from '@/lib/jobs/daily';
import { sendDueReminders } from '@/lib/proposals/reminders';

const transport = transportFromEnv();
const db = await getDatabase();
const worker = startEmailWorker(db, transport, undefined, async () => {
  await sendDueReminders(db, new Date());
  // Scheduled work (the daily overdue digest) from the durable job queue.
  await runDailyWork(db);
});
console.log(`[mail] worker delivering through ${transport.name === 'smtp' ? 'SMTP' : 'the development mailbox'}; Ctrl-C stops it`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    // Let the message in flight finish, so it is not left to wait out its lease.
    await worker.stop();
    await db.close();
    process.exit(0);
  });
}
