import { describe, expect, it } from 'vitest';
import { emailLayout, escapeHtml, invitationEmail } from './templates';

const invitation = {
  organizationName: 'Acme Logistics',
  inviterName: 'Ava Chen',
  role: 'Manager',
  unitName: 'Sales',
  link: 'https://keel.example/invite/abc123',
  expiresAt: new Date('2026-12-02T09:00:00Z'),
};

describe('invitation email', () => {
  it('names the organization, the inviter, the role and unit, the link and the expiry in every part', () => {
    const email = invitationEmail(invitation);
    expect(email.subject).toBe('Ava Chen invited you to Acme Logistics on Keel');
    for (const part of [email.text, email.html]) {
      for (const needle of ['Acme Logistics', 'Ava Chen', 'Manager in Sales', 'https://keel.example/invite/abc123', '2 December 2026, 09:00 UTC']) {
        expect(part).toContain(needle);
      }
    }
    expect(email.html).toContain('<a href="https://keel.example/invite/abc123"');
  });

  it('leaves the unit out when there is none', () => {
    const email = invitationEmail({ ...invitation, unitName: null });
    expect(email.text).toContain('to join Acme Logistics as Manager.');
  });

  it('escapes every name in the HTML part and keeps the subject on one line', () => {
    const email = invitationEmail({
      ...invitation,
      organizationName: '<script>alert("org")</script>',
      inviterName: 'Eve <img src=x onerror=alert(1)>\r\nBcc: all@example.test',
      role: '<b>Owner</b>',
      unitName: `"Sales" & 'Ops'`,
    });
    expect(email.html).not.toMatch(/<script|<img|<b>/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;');
    expect(email.html).toContain('&quot;Sales&quot; &amp; &#39;Ops&#39;');
    expect(email.text).toContain('<script>alert("org")</script>');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => invitationEmail({ ...invitation, link: 'javascript:alert(1)' })).toThrow(/javascript:/);
  });
});

describe('email layout', () => {
  it('names the organization in both parts, with or without an action', () => {
    const { text, html } = emailLayout({ organizationName: 'Harbor', heading: 'Review requested', paragraphs: ['Please look.'] });
    expect(text).toContain('Harbor');
    expect(html).toContain('Harbor');
    expect(html).not.toContain('<a ');
  });

  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });
});
