/** A key for a metric's name as the person types it: "Paid sign-ups (EU)" → "paid_sign_ups_eu". They may edit it. */
export function suggestMetricKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64)
    .replace(/_+$/, '');
}
