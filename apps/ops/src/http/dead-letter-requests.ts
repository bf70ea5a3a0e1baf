import { z } from 'zod';
import {
  parseFilter,
  parseRef,
  type DeadLetterFilter,
  type DeadLetterRef,
} from '@handoff/dead-letters';

const text = z.string().trim().min(1);

/** The list filters, as query parameters or as a replay body's `filter`; ages are durations (30m, 2h, 1d). */
const filterText = z
  .object({
    topic: text.optional(),
    group: text.optional(),
    errorClass: text.optional(),
    code: text.optional(),
    ownerTeam: text.optional(),
    olderThan: text.optional(),
    newerThan: text.optional(),
    status: text.optional(),
  })
  .strict();

const ref = z.string().transform((value, ctx): DeadLetterRef => {
  try {
    return parseRef(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const filter = filterText.transform((value, ctx): DeadLetterFilter => {
  try {
    return parseFilter(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export const listQuery = filter;

export const refParams = z.object({
  topic: text,
  partition: z.coerce.number().int().min(0),
  offset: z.string().regex(/^\d+$/, 'must be a Kafka offset'),
});

export const replayBody = z
  .object({
    refs: z.array(ref).min(1).optional(),
    filter: filter.optional(),
    reason: text,
    dryRun: z.boolean().default(false),
    ratePerSecond: z.number().positive().max(1_000).optional(),
    maxFailures: z.number().int().min(0).optional(),
    force: z.boolean().default(false),
  })
  .strict()
  .refine((b) => b.refs !== undefined || b.filter !== undefined, {
    message: 'name the dead letters to replay: refs, or a filter ({} for every open one)',
  });

export const discardBody = z
  .object({ refs: z.array(ref).min(1), reason: text, force: z.boolean().default(false) })
  .strict();

export type ReplayBody = z.infer<typeof replayBody>;
export type DiscardBody = z.infer<typeof discardBody>;
