import { z } from 'zod';

export const apiTokenScopes = ['read', 'write'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

export const createApiTokenSchema = z.object({
  name: z.string({ error: 'Enter a name' }).trim().min(1, 'Enter a name').max(100, 'A name has at most 100 characters'),
  scope: z.enum(apiTokenScopes, { error: 'Choose read or write' }),
});

export const revokeApiTokenSchema = z.object({ tokenId: z.uuid('Choose a token') });

export type CreateApiTokenInput = z.output<typeof createApiTokenSchema>;
export type RevokeApiTokenInput = z.output<typeof revokeApiTokenSchema>;
