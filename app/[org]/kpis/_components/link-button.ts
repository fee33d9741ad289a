/**
 * Button looks for links and plain submit buttons in server components:
 * buttonClass lives in a 'use client' module, which the server cannot call.
 */
const variants = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700',
  secondary: 'border border-slate-300 bg-white text-ink hover:bg-slate-50',
} as const;

export function linkButtonClass(variant: keyof typeof variants = 'primary', extra = '') {
  return `inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${variants[variant]} ${extra}`;
}
