import { SelectField } from '@/app/_components/ui/field';
import { targetRollupHint, targetRollupText } from '@/lib/kpis/view';
import { targetRollupLabels, targetRollups, type TargetRollup } from '@/lib/scoring/target-rollup';

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const error = errors?.[0];
  if (!error) return null;
  return (
    <p id={id} className="text-sm text-red-700">
      {error}
    </p>
  );
}


type RadioOption = { value: string; label: string; hint?: string };

/** A fieldset of radio buttons; arrow keys move between them, the error is announced with the group. */
export function RadioGroup({
  legend,
  name,
  options,
  errors,
  value,
  defaultValue,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly RadioOption[];
  errors?: string[];
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
}) {
  const error = errors?.[0];
  return (
    <fieldset className="space-y-1.5" aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="block text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map((o) => (
          <label
            key={o.value}
            className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500"
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              className="mt-0.5 accent-brand-600"
              {...(value !== undefined ? { checked: value === o.value } : { defaultChecked: defaultValue === o.value })}
              onChange={onChange ? () => onChange(o.value) : undefined}
            />
            <span>
              <span className="font-medium text-slate-800">{o.label}</span>
              {o.hint && <span className="block text-xs text-slate-500">{o.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      <FieldError id={`${name}-error`} errors={errors} />
    </fieldset>
  );
}

/**
 * How the KPI's targets make a longer period's target. "Automatic" ('') says
 * what it infers; the hint says when to choose which.
 */
export function TargetRollupField({ inferred, errors, defaultValue }: { inferred: TargetRollup | null; errors?: string[]; defaultValue: string }) {
  return (
    <SelectField label="Targets over longer periods" name="targetRollup" errors={errors} hint={targetRollupHint} defaultValue={defaultValue}>
      <option value="">{targetRollupText(null, inferred)}</option>
      {targetRollups.map((r) => (
        <option key={r} value={r}>
          {targetRollupLabels[r]}
        </option>
      ))}
    </SelectField>
  );
}
