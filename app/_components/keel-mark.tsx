/** The Keel logo: a hull's keel under a waterline. */
export function KeelMark({ className = 'size-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden className={className}>
      <rect width="32" height="32" rx="7" className="fill-brand-600" />
      <path d="M6 12h20l-4 7H10z" fill="white" />
      <path d="M15 19h2v7h-2z" fill="white" />
    </svg>
  );
}
