export default function Loading() {
  return (
    <div role="status" aria-label="Loading the KPI" className="animate-pulse space-y-6">
      <div className="h-4 w-40 rounded bg-slate-200" />
      <div className="h-8 w-72 rounded bg-slate-200" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="h-40 rounded-lg border border-slate-200 bg-white" />
        <div className="h-40 rounded-lg border border-slate-200 bg-white lg:col-span-2" />
      </div>
      <div className="h-72 rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
