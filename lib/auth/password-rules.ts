/** Length rules for new passwords; a module of its own so client forms can show them without the Argon2 binding. */
export const passwordRules = { min: 10, max: 128 } as const;

/** What the new-password fields say about the rules (the server explains a refusal beside the field). */
export const passwordHint = `${passwordRules.min} to ${passwordRules.max} characters, not a common password or pattern.`;
