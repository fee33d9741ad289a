/**
 * Email templates: pure functions from data to a subject, a plain-text part and
 * an HTML part. Every template goes through `emailLayout`, which takes plain
 * text only and escapes it itself, so no template can forget to escape a name.
 */

export type RenderedEmail = { subject: string; text: string; html: string };

export type EmailContent = {
  /** Named in the footer of every email, so people know which organization it is about. */
  organizationName: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the action: expiry, why this email came. */
  footnotes?: string[];
};

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);
}

/** Subjects are one header line: collapse any line breaks a name might carry. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

const colors = { ink: '#0f172a', muted: '#475569', faint: '#64748b', line: '#e2e8f0', page: '#f8fafc', brand: '#1f5bcc' };
const font = "-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";

/** The shared frame of every Keel email: the plain-text part and a simple inline-styled HTML part. */
export function emailLayout(content: EmailContent): { text: string; html: string } {
  const url = content.action ? safeUrl(content.action.url) : null;
  const footer = `Sent by Keel for ${content.organizationName}.`;

  const text = [
    content.heading,
    ...content.paragraphs,
    ...(content.action && url ? [`${content.action.label}:\n${url}`] : []),
    ...(content.footnotes ?? []),
    `-- \n${footer}`,
  ].join('\n\n');

  const paragraph = (p: string) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.6;color:${colors.ink}">${escapeHtml(p)}</p>`;
  const footnote = (p: string) => `<p style="margin:0 0 8px;font-size:13px;line-height:1.5;color:${colors.muted}">${escapeHtml(p)}</p>`;
  const button =
    content.action && url
      ? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:${colors.brand};color:#ffffff;font-size:15px;font-weight:600;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:${colors.muted}">Or open this link: <a href="${escapeHtml(url)}" style="color:${colors.brand};word-break:break-all">${escapeHtml(url)}</a></p>`
      : '';

  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.heading)}</title></head>
<body style="margin:0;padding:24px 12px;background:${colors.page};font-family:${font}">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid ${colors.line};border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-size:14px;font-weight:600;color:${colors.brand}">Keel</p>
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;color:${colors.ink}">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map(paragraph).join('\n')}
${button}
${(content.footnotes ?? []).map(footnote).join('\n')}
</div>
<p style="max-width:560px;margin:16px auto 0;font-size:12px;color:${colors.faint};text-align:center">${escapeHtml(footer)}</p>
</body>
</html>
`;
  return { text, html };
}

/** Links in email are always absolute http(s) URLs we made ourselves; anything else is a bug. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`Refusing a ${parsed.protocol} link in an email`);
  return parsed.toString();
}

/** "2 December 2026, 09:00 UTC": the reader's time zone is unknown, so say which one. */
export function formatEmailDate(date: Date): string {
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}

export function invitationEmail(input: {
  organizationName: string;
  inviterName: string;
  role: string;
  unitName?: string | null;
  link: string;
  expiresAt: Date;
}): RenderedEmail {
  const { organizationName, inviterName, role, unitName } = input;
  const place = unitName ? `${role} in ${unitName}` : role;
  const body = emailLayout({
    organizationName,
    heading: `Join ${organizationName} on Keel`,
    paragraphs: [
      `${inviterName} invited you to join ${organizationName} as ${place}.`,
      `Keel is where ${organizationName} keeps its goals, the few KPIs that matter, and the targets agreed by the people who own them.`,
    ],
    action: { label: 'Accept the invitation', url: input.link },
    footnotes: [
      `This invitation expires on ${formatEmailDate(input.expiresAt)}.`,
      'If you were not expecting it, you can ignore this email.',
    ],
  });
  return { subject: oneLine(`${inviterName} invited you to ${organizationName} on Keel`), ...body };
}

/** "4 December 2026" for a calendar date (no time, so no time zone to name). */
export function formatEmailDay(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The daily digest of the values an owner owes: one line per overdue metric. */
export function overdueDigestEmail(input: {
  organizationName: string;
  ownerName: string;
  items: readonly { name: string; periodLabel: string; overdueSince: string }[];
  link: string;
}): RenderedEmail {
  const { organizationName, items } = input;
  const count = items.length === 1 ? 'One value is' : `${items.length} values are`;
  const body = emailLayout({
    organizationName,
    heading: `${count} overdue`,
    paragraphs: [
      `Hello ${input.ownerName}, these metrics you own have no value for their last period yet:`,
      ...items.map((i) => `• ${i.name}: ${i.periodLabel} (overdue since ${formatEmailDay(i.overdueSince)})`),
      'Until they are in, the KPIs that use them show as overdue.',
    ],
    action: { label: 'Enter your updates', url: input.link },
    footnotes: ['You receive this at most once a day while a metric you own is overdue.'],
  });
  return { subject: oneLine(`${count} overdue in ${organizationName}`), ...body };
}
