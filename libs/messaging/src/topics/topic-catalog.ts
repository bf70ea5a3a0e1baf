/**
 * The one place topics are declared. Auto topic creation is off on our brokers, so a topic that is
 * not here does not exist, and a misspelt name fails loudly instead of creating a stray topic.
 */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** -1 keeps records forever. */
  retentionMs: number;
  config?: Record<string, string>;
  description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const Topics = {
  /** Every event that must stay ordered per subscriber; keyed by subscriber id (ICCID until one exists). */
  SubscriberLifecycle: 'handoff.subscriber.lifecycle.v1',
  Payments: 'handoff.payment.events.v1',
  Tax: 'handoff.tax.events.v1',
  UsageRecords: 'handoff.usage.records.v1',
  /** The MNO's raw usage records (CDRs), as delivered or imported from its files; keyed by IMSI. */
  UsageFeed: 'handoff.usage.feed.v1',
  /** Dead-letter, replay and discard facts, for the audit trail and ops tooling. */
  OpsAudit: 'handoff.ops.audit.v1',
  /** SIM batches, lost and returned SIMs from the fulfilment partner; mismatches back to it. */
  Fulfilment: 'handoff.fulfilment.sims.v1',
  /** Jeopardies, SLA breaches and escalations for paging tools; keyed by incident id. */
  OpsAlerts: 'handoff.ops.alerts.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const BUSINESS_TOPICS: readonly TopicSpec[] = [
  {
    name: Topics.SubscriberLifecycle,
    partitions: 6,
    retentionMs: 14 * DAY_MS,
    description: 'activation, provisioning and lifecycle events, ordered per subscriber',
  },
  {
    name: Topics.Payments,
    partitions: 6,
    retentionMs: 14 * DAY_MS,
    description: 'payment intents and outcomes',
  },
  {
    name: Topics.Tax,
    partitions: 6,
    retentionMs: 14 * DAY_MS,
    description: 'tax quotes, commits and voids',
  },
  {
    name: Topics.UsageRecords,
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    description: 'CDRs from the MNO usage feed',
  },
  {
    name: Topics.Fulfilment,
    partitions: 3,
    retentionMs: 14 * DAY_MS,
    description:
      'SIM batches shipped, SIMs lost or returned, IMSI mismatches; keyed by batch or ICCID',
  },
  {
    name: Topics.OpsAudit,
    partitions: 1,
    retentionMs: -1,
    description: 'dead-letter and replay facts',
  },
];

/**
 * Vendor feeds at volume (millions of records a day). Owned like any topic, but not business
 * topics: the audit ledger does not write a row per record of them; usage is audited per handoff
 * (a file imported, a batch accepted), decision 56.
 */
export const FEED_TOPICS: readonly TopicSpec[] = [
  {
    name: Topics.UsageFeed,
    partitions: 6,
    // Longer than the feed's worst lateness (72 hours) plus a weekend to notice and re-import.
    retentionMs: 7 * DAY_MS,
    description: 'raw CDRs from the MNO usage feed and imported MNO files, keyed by IMSI',
  },
];

/**
 * What paging tools subscribe to. Not a business topic: the alerts' state is in the tables of
 * `@handoff/operational-truth`, so the audit ledger does not record them again (decision 76).
 */
export const ALERT_TOPICS: readonly TopicSpec[] = [
  {
    name: Topics.OpsAlerts,
    // One partition: alerts are few, and one order for all of them is what a pager wants.
    partitions: 1,
    retentionMs: 30 * DAY_MS,
    description: 'jeopardies, SLA breaches and escalations for paging tools',
  },
];

/** Consumer groups of the services; each owns its own retry and dead-letter topics. */
export const ConsumerGroups = {
  BackboneDemo: 'handoff.backbone-demo',
  /** The activation and lifecycle saga. */
  Orchestrator: 'handoff.orchestrator',
  /** Records every event on every business topic in the audit ledger. */
  AuditLedger: 'handoff.audit-ledger',
  /** The BSS's payment requests: top-ups, autopay renewals, refunds. */
  Payments: 'handoff.payments',
  /** The MNO's usage feed: de-duplicated, guided, summed per day for billing. */
  Usage: 'handoff.usage',
} as const;

/**
 * Retry delays of the orchestrator: its retry path also carries the wait for the MNO's
 * asynchronous order completion, so there are more, shorter tiers than the default.
 */
export const ORCHESTRATOR_RETRY_DELAYS_MS: readonly number[] = [
  500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000,
];

/** Default non-blocking retry delays; one retry topic per delay tier keeps each topic's due times in order. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];

export interface GroupTopics {
  retry: readonly { name: string; delayMs: number }[];
  deadLetter: string;
}

/**
 * Retry and dead-letter topics are per consumer group, not per source topic: a record that one
 * group failed is retried and replayed for that group only, never redelivered to every subscriber.
 */
export function groupTopics(
  groupId: string,
  retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
): GroupTopics {
  return {
    retry: retryDelaysMs.map((delayMs, tier) => ({
      name: `${groupId}.retry-${tier + 1}`,
      delayMs,
    })),
    deadLetter: `${groupId}.dlt`,
  };
}

/** Settings of the catalog an operator may change; the defaults keep every dead letter until handled. */
export interface CatalogSettings {
  /** `retention.ms` of every dead-letter topic; -1 (the default) keeps records forever. */
  deadLetterRetentionMs?: number;
}

export function groupTopicSpecs(
  groupId: string,
  retryDelaysMs?: readonly number[],
  settings: CatalogSettings = {},
): TopicSpec[] {
  const topics = groupTopics(groupId, retryDelaysMs);
  return [
    ...topics.retry.map((t) => ({
      name: t.name,
      partitions: 6,
      retentionMs: 7 * DAY_MS,
      description: `retry tier after ${t.delayMs} ms for ${groupId}`,
    })),
    {
      name: topics.deadLetter,
      partitions: 1,
      retentionMs: settings.deadLetterRetentionMs ?? -1,
      description: `dead letters of ${groupId}`,
    },
  ];
}

/** Everything the devstack creates on start-up. */
export function catalogTopicSpecs(settings: CatalogSettings = {}): TopicSpec[] {
  return [
    ...BUSINESS_TOPICS,
    ...FEED_TOPICS,
    ...ALERT_TOPICS,
    ...Object.values(ConsumerGroups).flatMap((g) =>
      groupTopicSpecs(
        g,
        g === ConsumerGroups.Orchestrator ? ORCHESTRATOR_RETRY_DELAYS_MS : undefined,
        settings,
      ),
    ),
  ];
}

const TOPIC_BY_DOMAIN: Record<string, TopicName> = {
  activation: Topics.SubscriberLifecycle,
  lifecycle: Topics.SubscriberLifecycle,
  payment: Topics.Payments,
  tax: Topics.Tax,
  usage: Topics.UsageRecords,
  fulfilment: Topics.Fulfilment,
  ops: Topics.OpsAudit,
  alert: Topics.OpsAlerts,
};

/** Event types that do not go to their domain's topic. */
const TOPIC_BY_EVENT_TYPE: Record<string, TopicName> = {
  'handoff.usage.UsageRecordDelivered': Topics.UsageFeed,
};

/** Event types are Avro full names `handoff.<domain>.<Name>`; the domain picks the topic. */
export function topicForEventType(eventType: string): TopicName {
  const own = TOPIC_BY_EVENT_TYPE[eventType];
  if (own) return own;
  const domain = eventType.split('.')[1] ?? '';
  const topic = TOPIC_BY_DOMAIN[domain];
  if (!topic)
    throw new Error(`no topic in the catalog for event type "${eventType}" (domain "${domain}")`);
  return topic;
}
