import { z } from 'zod';

/** The most notifications one request may mark, so a request stays one small update. */
export const markReadLimit = 100;

const idsSchema = z.preprocess(
  // A form posts one `ids` field as a string and several as an array.
  (value) => (typeof value === 'string' ? [value] : value),
  z
    .array(z.uuid('Choose notifications from the list'), { error: 'Choose notifications from the list' })
    .min(1, 'Choose at least one notification')
    .max(markReadLimit, `Mark at most ${markReadLimit} notifications at once`),
);

const allSchema = z.union([z.literal(true), z.literal('true')], { error: 'Use all=true to mark everything as read' });

/**
 * Which notifications to mark as read: some by id, or all of them. Exactly
 * one of the two, so a stray `all` never widens a request meant for a few.
 */
export const markNotificationsReadSchema = z
  .object({ ids: idsSchema.optional(), all: allSchema.optional() })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), {
    error: 'Choose some notifications or all of them, not both',
  })
  .transform((v): { ids: string[] } | { all: true } => (v.all !== undefined ? { all: true } : { ids: [...new Set(v.ids)] }));

export type MarkNotificationsReadInput = z.output<typeof markNotificationsReadSchema>;
