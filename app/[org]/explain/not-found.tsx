'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';

/** An unknown, archived, draft or other organization's KPI or unit: nothing to explain, and no hint which. */
export default function ExplainNotFound() {
  const { org } = useParams<{ org: string }>();
  return (
    <div className="mx-auto max-w-lg space-y-3 py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">No score to explain</h1>
      <p className="text-sm text-slate-600">
        This KPI or unit does not exist, is no longer live, or is not part of this organization. Only live KPIs and units have a score to explain.
      </p>
      <Link href={`/${org}/scorecard`} className="inline-block text-sm font-medium text-brand-600 hover:underline">
        Back to the scorecard
      </Link>
    </div>
  );
}
