export default function Loading() {
  return (
    <div role="status" aria-label="Loading the explanation" className="animate-pulse space-y-4">
      <div className="h-4 w-72 max-w-full rounded bg-slate-200" />
      <div className="h-7 w-80 max-w-full rounded bg-slate-200" />
      <div className="h-24 rounded-lg bg-slate-200" />
      <div className="h-48 rounded-lg bg-slate-200" />
    </div>
  );
}
