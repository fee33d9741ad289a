/**
 * The loading state of pages that never answer "not found" for a record
 * (settings, people, audit log, notifications). Pages that look a record up
 * by id have none: a loading boundary above them starts the response (200)
 * before they can answer 404 (issue 16 item 9).
 */
export function PageSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-7 w-64 rounded bg-slate-200" />
      <div className="h-4 w-96 max-w-full rounded bg-slate-200" />
      <div className="h-40 rounded-lg bg-slate-200" />
    </div>
  );
}
