import { loadInfraConfig, loadSchemaRegistryConfig, loadServiceConfig } from '@handoff/config';
import { createKafkajsClient, EventPublisher, Topics } from '@handoff/messaging';
import { createSchemaSource, ownershipLookup } from '@handoff/messaging-nest';
import { createLogger, handoffTracer } from '@handoff/observability';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { USAGE_FEED_POINT, type UsageAuditor } from '@handoff/usage-ingestion';

export const USAGE_IMPORT_SERVICE = 'usage-import';
export const USAGE_RECONCILE_SERVICE = 'usage-reconcile';
/**
 * The integration point an imported file crosses: the MNO's feed, as if the MNO had published it;
 * a reconciliation's mismatches are disputes of the same point (on the usage records topic).
 */
const FEED_POINT = USAGE_FEED_POINT;
/** A command run by hand says "Kafka is down" within seconds, not after a service's minute of retries. */
const KAFKA_RETRIES = 4;

/** Who a command's ledger rows name: the command as actor, the feed point's team as owner. */
export function feedAuditor(name: string): UsageAuditor {
  const point = loadOwnershipMatrix().integrationPoint(USAGE_FEED_POINT);
  return { actor: `handoff/${name}`, ownerTeam: point?.responsibleTeam ?? 'unowned' };
}

/**
 * The feed point's publisher, checked against the ownership matrix like any service (it refuses to
 * run if a topic it produces has no owner). Logs go to stderr, so stdout stays the report.
 */
export async function openFeedPublisher(
  name = USAGE_IMPORT_SERVICE,
  produces: readonly string[] = [Topics.UsageFeed],
): Promise<EventPublisher> {
  const infra = loadInfraConfig();
  const ownership = loadOwnershipMatrix();
  ownership.assertOwned({ service: name, produces: [...produces] });
  const log = createLogger({ name, level: loadServiceConfig().logLevel }, process.stderr);
  const service = `handoff/${name}`;
  return new EventPublisher({
    service,
    kafka: infra.kafka,
    schemas: await createSchemaSource(loadSchemaRegistryConfig(), log),
    ownership: ownershipLookup(ownership),
    tracer: handoffTracer(),
    producesAt: FEED_POINT,
    client: createKafkajsClient({ kafka: infra.kafka, clientId: service, retries: KAFKA_RETRIES }),
  });
}
