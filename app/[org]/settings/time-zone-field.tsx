'use client';

import { SelectField } from '@/app/_components/ui/field';
import { timeZones } from '@/lib/organizations/settings-schemas';

/** IANA time zones; the server checks the choice against the same list. */
export function TimeZoneField({ defaultValue, errors }: { defaultValue: string; errors?: string[] }) {
  return (
    <SelectField label="Time zone" name="timeZone" defaultValue={defaultValue} errors={errors} hint="Where the organization’s day starts and ends, for due dates and reminders.">
      {timeZones.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replace(/_/g, ' ')}
        </option>
      ))}
    </SelectField>
  );
}
