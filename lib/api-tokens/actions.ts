import { defineOrgAction } from '@/lib/action-runner';
import { createApiToken, revokeApiToken } from './mutations';
import { createApiTokenSchema, revokeApiTokenSchema } from './schemas';

/** The API token actions as data: app/[org]/settings/api-tokens/actions.ts wraps them, tests drive them directly. */
export const apiTokenActions = {
  create: defineOrgAction({
    permission: 'api_tokens.manage',
    schema: createApiTokenSchema,
    run: (ctx, input) => createApiToken(ctx, input),
  }),
  revoke: defineOrgAction({
    permission: 'api_tokens.manage',
    schema: revokeApiTokenSchema,
    run: (ctx, input) => revokeApiToken(ctx, input),
  }),
};
