/** Length rules for new passwords; a module of its own so client forms can show them without the Argon2 binding. */
export const passwordRules = { min: 10, max: 128 } as const;
