import { EventTypes } from '@handoff/contracts';
import { registryPaths, silentReporter, startRegistry, stopRegistry } from '@handoff/devstack';
import type { Backbone, EventEnvelope } from '@handoff/messaging';
import { freshTopics, produceRaw, testBackbone, TopicTap } from '../../support/backbone-harness';
import {
  confluentWireFormat,
  contractFixture,
  outsideActivationSchema,
  outsideHeaders,
  recordingLog,
  registerAsOutsider,
  registeredSchemaSource,
  registry,
  requireRegistry,
} from '../../support/schema-registry-harness';
import { infra, migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

const PAUSED =
  'schema registry unavailable: partition paused, its records are fetched again after a backoff';

/** What a BSS writes: our v1 payload plus its own field, with the id the registry gave its schema. */
function outsideRecords(schemaId: number, schema: object, subjects: string[]) {
  return subjects.map((subject) => ({
    key: subject,
    value: confluentWireFormat(schemaId, schema, {
      ...contractFixture(`${EventTypes.ActivationRequested}.v1`),
      subjectId: subject,
    }),
    headers: outsideHeaders(EventTypes.ActivationRequested, subject),
  }));
}

describe('consumer runner with a schema registry (real Apicurio Registry, Kafka, PostgreSQL)', () => {
  let db: TestDatabase;
  let backbone: Backbone | undefined;
  let deadLetters: TopicTap | undefined;
  const log = recordingLog();

  beforeAll(async () => {
    await requireRegistry();
    db = await migratedDatabase('registry');
  });
  afterEach(async () => {
    await backbone?.close();
    await deadLetters?.close();
    backbone = undefined;
    deadLetters = undefined;
  });
  afterAll(async () => {
    await db.close();
  });

  async function startGroup(handled: EventEnvelope[]) {
    const topics = await freshTopics('registry', [200]);
    backbone = testBackbone(db.dataSource, { schemas: await registeredSchemaSource(), log });
    await backbone
      .consumerGroup({
        groupId: topics.groupId,
        topics: [topics.source],
        handler: async (e) => void handled.push(e),
        retryDelaysMs: [200],
      })
      .start();
    deadLetters = await TopicTap.open(topics.deadLetter);
    return topics;
  }

  it('decodes a record an outside producer wrote with a registry-assigned id', async () => {
    const handled: EventEnvelope[] = [];
    const topics = await startGroup(handled);
    const schema = outsideActivationSchema();
    // The outside producer uses the default topic-name strategy; the id is what matters.
    const schemaId = await registerAsOutsider(`${topics.source}-value`, schema);
    await produceRaw(topics.source, outsideRecords(schemaId, schema, ['sub-outside']));

    const [event] = await waitFor('the outside record handled', () =>
      handled.length > 0 ? handled : undefined,
    );
    expect(event).toMatchObject({
      type: EventTypes.ActivationRequested,
      subject: 'sub-outside',
      source: 'bss/test-producer',
      // Read into our latest version: the field v2 added takes its default.
      data: { subjectId: 'sub-outside', planCode: 'UNL-5G-30', dealerReference: null },
    });
    expect(deadLetters!.records).toHaveLength(0);
  });

  it('pauses while the registry is stopped and resumes when it is back, dead-lettering nothing', async () => {
    if (registry.mode === 'external') {
      throw new Error(
        'this test stops and restarts the devstack registry: unset SCHEMA_REGISTRY_URL',
      );
    }
    const paths = registryPaths(infra);
    const handled: EventEnvelope[] = [];
    const topics = await startGroup(handled);
    const schema = outsideActivationSchema();
    const schemaId = await registerAsOutsider(`${topics.source}-value`, schema);
    const subjects = ['sub-o1', 'sub-o2', 'sub-o3'];
    try {
      await stopRegistry(paths, silentReporter);
      await produceRaw(topics.source, outsideRecords(schemaId, schema, subjects));
      await waitFor('the runner to pause for the registry', () => log.lines.includes(PAUSED));
      expect(handled).toHaveLength(0);
    } finally {
      await startRegistry(registry, paths, silentReporter);
    }

    await waitFor(
      'every record handled once the registry is back',
      () => handled.length === 3,
      60_000,
    );
    expect(handled.map((e) => e.subject).sort()).toEqual(subjects);
    expect(log.lines).toContain('schema registry answers again: partition resumed');
    expect(deadLetters!.records).toHaveLength(0);
  });
});
