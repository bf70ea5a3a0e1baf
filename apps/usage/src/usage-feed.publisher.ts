import { loadInfraConfig, loadSchemaRegistryConfig, loadServiceConfig } from '@handoff/config';
import { createKafkajsClient, EventPublisher, Topics } from '@handoff/messaging';
import { createSchemaSource, ownershipLookup } from '@handoff/messaging-nest';
import { createLogger, handoffTracer } from '@handoff/observability';
import { loadOwnershipMatrix } from '@handoff/ownership';

export const USAGE_IMPORT_SERVICE = 'usage-import';
/** The integration point an imported file crosses: the MNO's feed, as if the MNO had published it. */
const FEED_POINT = 'mno-usage-feed-to-handoff';
/** A command run by hand says "Kafka is down" within seconds, not after a service's minute of retries. */
const KAFKA_RETRIES = 4;

/**
 * The feed's publisher, checked against the ownership matrix like any service (it refuses to run
 * if the feed topic has no owner). Logs go to stderr, so stdout stays the report.
 */
export async function openFeedPublisher(): Promise<EventPublisher> {
  const infra = loadInfraConfig();
  const ownership = loadOwnershipMatrix();
  ownership.assertOwned({ service: USAGE_IMPORT_SERVICE, produces: [Topics.UsageFeed] });
  const log = createLogger(
    { name: USAGE_IMPORT_SERVICE, level: loadServiceConfig().logLevel },
    process.stderr,
  );
  const service = `handoff/${USAGE_IMPORT_SERVICE}`;
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
