/** `npm run bench:scorecard`: only the issue-7 part of `npm run bench` (PostgreSQL, TEST_DATABASE_URL). */
import { env } from '@/lib/env';
import { runScorecardBench } from './scorecard';

await runScorecardBench(env.TEST_DATABASE_URL);
