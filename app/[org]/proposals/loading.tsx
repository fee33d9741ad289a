export default function Loading() {
  return (
    <div role="status" aria-label="Loading proposals" className="animate-pulse space-y-4">
      <div className="h-7 w-40 rounded bg-slate-200" />
      <div className="h-4 w-96 max-w-full rounded bg-slate-200" />
      {[0, 1, 2].map((group) => (
        <div key={group} className="space-y-2">
          <div className="h-5 w-56 rounded bg-slate-200" />
          <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
            {[0, 1].map((i) => (
              <div key={i} className="h-8 rounded bg-slate-100" />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
