import { z } from 'zod';
import { parseDuration } from '@handoff/config';
import { parsePercent } from './percent';

const ID = /^[a-z0-9][a-z0-9-]*$/;
/** A topic name, or a pattern where `*` stands for any run of characters (`*.dlt`). */
const TOPIC = /^[a-zA-Z0-9._*-]+$/;
/** A contact is `<medium>:<address>` so tooling knows how to reach it. */
const CONTACT = /^(slack|email|pagerduty|opsgenie|phone|ticket):\S/;

const topic = z.string().refine(
  (value) => TOPIC.test(value),
  (value) => ({ message: `"${value}" is not a topic name` }),
);
const id = z.string().regex(ID, 'must be lowercase letters, digits and dashes');
const text = z.string().trim().min(1, 'must not be empty');
const contact = z
  .string()
  .regex(CONTACT, 'must be "<slack|email|pagerduty|opsgenie|phone|ticket>:<address>"');

const duration = z.string().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined)
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration such as 30s, 4m, 2h` });
  return ms ?? 0;
});

const percent = z.string().transform((value, ctx) => {
  const parsed = parsePercent(value);
  if (parsed === undefined)
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a percentage such as 99.9%` });
  return parsed ?? 0;
});

const teamSchema = z.object({ id, name: text, channel: contact }).strict();

const accountableSchema = z
  .object({ name: text, role: text, contact: contact.optional() })
  .strict();

/**
 * `internal`: one of ours (on-call, a manager); `vendor`: the vendor's desk, bound by its SLA. A
 * failure no SLA covers skips the vendor's steps (decision 93).
 */
const party = z.enum(['internal', 'vendor'], {
  errorMap: () => ({ message: 'must be "internal" or "vendor"' }),
});

const escalationStepSchema = z
  .object({ who: text, contact, after: duration, party })
  .strict()
  .transform(({ after, ...step }) => ({ ...step, afterMs: after }));

/** An operation's name as the ledger records it (`submitOrFind`) or a kind of work (`portIn`). */
const operationName = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'must be a camelCase operation name');
/** A classified error code such as `MNO.TIMEOUT` (the adapters' codes). */
const errorCode = z
  .string()
  .regex(/^[A-Z]+\.[A-Z_]+$/, 'must be an error code such as MNO.TIMEOUT');
/** A code a category holds: exact (`MNO.TIMEOUT`) or every code of a prefix (`LIFECYCLE.*`). */
const categoryCode = z
  .string()
  .regex(/^[A-Z]+\.([A-Z_]+|\*)$/, 'must be an error code such as MNO.TIMEOUT, or MNO.*');

/**
 * One kind of failure Handoff can raise at a point, by the codes the adapters raise there. The
 * catch-all takes every other code, such as those built from a vendor's own answer (`MNO.<code>`).
 */
const errorCategorySchema = z
  .object({
    id,
    description: text,
    codes: z.array(categoryCode).default([]),
    catchAll: z.boolean().default(false),
  })
  .strict();

/**
 * One operation's promise: a vendor call's p95 (`latencyP95`), how long a piece of work may stay
 * open before it is in jeopardy (`dueWithin`), or how late a feed's records may arrive (`maxDelay`).
 */
const operationSlaSchema = z
  .object({
    latencyP95: duration.optional(),
    dueWithin: duration.optional(),
    maxDelay: duration.optional(),
  })
  .strict()
  .refine((o) => Object.values(o).some((v) => v !== undefined), {
    message: 'give at least one of latencyP95, dueWithin, maxDelay',
  })
  .transform((o) => ({
    ...(o.latencyP95 !== undefined && { latencyP95Ms: o.latencyP95 }),
    ...(o.dueWithin !== undefined && { dueWithinMs: o.dueWithin }),
    ...(o.maxDelay !== undefined && { maxDelayMs: o.maxDelay }),
  }));

const slaSchema = z
  .object({
    latencyP95: duration,
    availability: percent,
    /** Availability is measured over windows this long (a breach is a window below target). */
    availabilityWindow: duration.default('1h'),
    /** The error codes that count as the vendor's failure; any other answer counts as available. */
    vendorFailures: z.array(errorCode).default([]),
    /** How often the vendor is probed with a cheap read, so an idle point still measures. */
    probeEvery: duration.optional(),
    operations: z.record(operationName, operationSlaSchema).default({}),
    /** The error categories this SLA covers; every other category is uncovered (decision 93). */
    covers: z.array(id).default([]),
  })
  .strict()
  .transform((sla) => ({
    latencyP95Ms: sla.latencyP95,
    availabilityPercent: sla.availability,
    availabilityWindowMs: sla.availabilityWindow,
    vendorFailures: sla.vendorFailures,
    ...(sla.probeEvery !== undefined && { probeEveryMs: sla.probeEvery }),
    operations: sla.operations,
    covers: sla.covers,
  }));

const integrationPointSchema = z
  .object({
    id,
    from: id,
    to: id,
    description: text,
    responsibleTeam: id,
    accountable: accountableSchema,
    escalation: z
      .array(escalationStepSchema)
      .min(1, 'the escalation chain is empty: add at least one step'),
    sla: slaSchema,
    errorCategories: z
      .array(errorCategorySchema)
      .min(1, 'declare the error categories, at least the catch-all'),
    consumes: z.array(topic).default([]),
    produces: z.array(topic).default([]),
    vendorClients: z.array(id).default([]),
  })
  .strict();

export const ownershipDocumentSchema = z
  .object({
    version: z.literal(1),
    teams: z.array(teamSchema).min(1, 'declare at least one team'),
    integrationPoints: z
      .array(integrationPointSchema)
      .min(1, 'declare at least one integration point'),
  })
  .strict();

export type Team = z.infer<typeof teamSchema>;
export type Accountable = z.infer<typeof accountableSchema>;
/** One step of an escalation chain: `who` is contacted `afterMs` after the incident is raised. */
export type EscalationStep = z.infer<typeof escalationStepSchema>;
export type EscalationParty = z.infer<typeof party>;
export type ErrorCategory = z.infer<typeof errorCategorySchema>;
export type Sla = z.infer<typeof slaSchema>;
export type OperationSla = z.infer<typeof operationSlaSchema>;
export type IntegrationPoint = z.infer<typeof integrationPointSchema>;
export type OwnershipDocument = z.infer<typeof ownershipDocumentSchema>;
