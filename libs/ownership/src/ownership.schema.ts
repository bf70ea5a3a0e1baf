import { z } from 'zod';
import { parseDuration, parsePercent } from './duration';

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

const escalationStepSchema = z
  .object({ who: text, contact, after: duration })
  .strict()
  .transform(({ after, ...step }) => ({ ...step, afterMs: after }));

const slaSchema = z
  .object({ latencyP95: duration, availability: percent })
  .strict()
  .transform((sla) => ({ latencyP95Ms: sla.latencyP95, availabilityPercent: sla.availability }));

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
export type Sla = z.infer<typeof slaSchema>;
export type IntegrationPoint = z.infer<typeof integrationPointSchema>;
export type OwnershipDocument = z.infer<typeof ownershipDocumentSchema>;
