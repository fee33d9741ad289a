import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

type FieldProps = {
  label: string;
  name: string;
  errors?: string[];
  hint?: ReactNode;
};

const control =
  'block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-brand-500 disabled:bg-slate-100 disabled:text-slate-500';

function describedBy(name: string, hint: unknown, error: unknown) {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
}

function FieldFrame({ label, name, errors, hint, children }: FieldProps & { children: ReactNode }) {
  const error = errors?.[0];
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {error && (
        <p id={`${name}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
      {hint && (
        <p id={`${name}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field({ label, name, errors, hint, className = '', ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const error = errors?.[0];
  return (
    <FieldFrame label={label} name={name} errors={errors} hint={hint}>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={`${control} ${error ? 'border-red-500' : 'border-slate-300'} ${className}`}
        {...input}
      />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  name,
  errors,
  hint,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const error = errors?.[0];
  return (
    <FieldFrame label={label} name={name} errors={errors} hint={hint}>
      <select
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={`${control} ${error ? 'border-red-500' : 'border-slate-300'}`}
        {...select}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

/** A labelled textarea whose hint and error are tied to it, like Field. */
export function TextAreaField({ label, name, errors, hint, className = '', ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const error = errors?.[0];
  return (
    <FieldFrame label={label} name={name} errors={errors} hint={hint}>
      <textarea
        id={name}
        name={name}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={`${control} ${error ? 'border-red-500' : 'border-slate-300'} ${className}`}
        {...textarea}
      />
    </FieldFrame>
  );
}
