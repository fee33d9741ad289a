/** One clear page per way a reset link can fail. */
export const resetLinkProblems = {
  expired: { title: 'This reset link has expired', body: 'Reset links work for 30 minutes. Ask for a new one.' },
  used: { title: 'This reset link was already used', body: 'Each reset link works once. If you have just set a new password, sign in with it; otherwise ask for a new link.' },
  superseded: { title: 'A newer reset link was sent', body: 'Asking for a link again made this one stop working. Use the link in the newest email, or ask for another.' },
  unknown: { title: 'This reset link is not valid', body: 'Check that you copied the whole link from the email, or ask for a new one.' },
} as const;
