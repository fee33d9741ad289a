/** One clear page per way a sign-up link can fail. */
export const signUpLinkProblems = {
  expired: { title: 'This sign-up link has expired', body: 'Sign-up links work for 24 hours. Sign up again to get a new one.' },
  used: { title: 'This sign-up link was already used', body: 'This email address has an account now. Sign in with it.' },
  invalid: { title: 'This sign-up link is not valid', body: 'Check that you copied the whole link from the email, or sign up again.' },
} as const;
