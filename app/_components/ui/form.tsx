import type { ComponentProps, ReactNode } from 'react';

/**
 * A form that leaves validation to the server (so every rule has one home and
 * one message) and announces its overall error politely.
 */
export function Form({
  error,
  children,
  className = '',
  ...props
}: ComponentProps<'form'> & { error?: string | null; children: ReactNode }) {
  return (
    <form noValidate className={`space-y-4 ${className}`} {...props}>
      {error && <FormError>{error}</FormError>}
      {children}
    </form>
  );
}

export function FormError({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {children}
    </div>
  );
}
