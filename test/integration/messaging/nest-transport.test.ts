import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { EventTypes } from '@handoff/contracts';
import {
  Backbone,
  connectTopicAdmin,
  groupTopicSpecs,
  Topics,
  type NewEvent,
} from '@handoff/messaging';
import { BackboneModule, HandoffRpcContext, startConsumerService } from '@handoff/messaging-nest';
import { UnownedIntegrationPointError } from '@handoff/ownership';
import { createDataSource } from '@handoff/persistence';
import { RetryableError } from '@handoff/resilience';
import { activationRequested, samplePayload } from '../../support/samples';
import { infra, uniqueName, waitFor } from '../../support/test-infra';

const SUBJECT = `nest-${randomUUID()}`;
/** Subjects whose first attempt fails, as SUBJECT's does: their key blocks while they retry. */
const FLAKY = new Set([SUBJECT]);
const seen: { id: string; attempt: number; planCode: unknown; correlationId: string }[] = [];

@Controller()
class FlakyActivationHandler {
  constructor(@Inject(Backbone) readonly backbone: Backbone) {}

  @EventPattern(EventTypes.ActivationRequested)
  async onRequested(
    @Payload() data: { planCode: unknown },
    @Ctx() ctx: HandoffRpcContext,
  ): Promise<void> {
    if (!FLAKY.has(ctx.envelope.subject)) return;
    seen.push({
      id: ctx.envelope.id,
      attempt: ctx.handling.attempt,
      planCode: data.planCode,
      correlationId: ctx.envelope.correlationId,
    });
    if (ctx.handling.attempt === 1 && !ctx.envelope.id.startsWith('second-'))
      throw new RetryableError('TEST.VENDOR_DOWN', 'first attempt fails');
  }
}

@Module({
  imports: [
    BackboneModule.forRoot({
      service: 'nest-transport-test',
      consumes: [Topics.SubscriberLifecycle],
      produces: [Topics.SubscriberLifecycle],
    }),
  ],
  controllers: [FlakyActivationHandler],
})
class OwnedServiceModule {}

@Module({
  imports: [
    BackboneModule.forRoot({
      service: 'rogue-service',
      consumes: ['handoff.unowned.topic.v1'],
      produces: [],
    }),
  ],
})
class RogueServiceModule {}

describe('Nest transport over the backbone', () => {
  let app: INestMicroservice | undefined;
  const afterAllClose: (() => Promise<void>)[] = [];

  afterAll(async () => {
    await app?.close();
    for (const close of afterAllClose) await close();
  });

  it('refuses to start a service that consumes a topic no integration point owns, naming it', async () => {
    const start = startConsumerService(RogueServiceModule, {
      groupId: uniqueName('rogue'),
      topics: ['handoff.unowned.topic.v1'],
    });
    await expect(start).rejects.toThrow(UnownedIntegrationPointError);
    await expect(start).rejects.toThrow(/rogue-service.*handoff\.unowned\.topic\.v1/s);
  });

  it('serves an @EventPattern handler and routes its retryable error through the retry path', async () => {
    const groupId = uniqueName('nest');
    const admin = await connectTopicAdmin(infra.kafka);
    await admin.ensureTopics(groupTopicSpecs(groupId, [300]));
    await admin.close();
    app = await startConsumerService(OwnedServiceModule, {
      groupId,
      topics: [Topics.SubscriberLifecycle],
      retryDelaysMs: [300],
    });

    const event = activationRequested(Topics.SubscriberLifecycle, SUBJECT);
    await app.get(Backbone).publishNow([event]);

    await waitFor('the retried attempt', () => seen.some((s) => s.attempt === 2), 60_000);
    expect(seen.map((s) => s.attempt)).toEqual([1, 2]);
    expect(seen[0].correlationId).toBe(event.id);
  });

  it('passes by events of types no handler takes: no inbox row, and never parked behind a blocked key', async () => {
    const groupId = uniqueName('nest-ignored');
    const subject = `nest-ignored-${randomUUID()}`;
    FLAKY.add(subject);
    const admin = await connectTopicAdmin(infra.kafka);
    await admin.ensureTopics(groupTopicSpecs(groupId, [1_000]));
    await admin.close();
    await app?.close();
    app = await startConsumerService(OwnedServiceModule, {
      groupId,
      topics: [Topics.SubscriberLifecycle],
      retryDelaysMs: [1_000],
    });
    const backbone = app.get(Backbone);
    const db = await createDataSource(infra.databaseUrl).initialize();
    afterAllClose.push(() => db.destroy());
    const first = activationRequested(Topics.SubscriberLifecycle, subject);
    await backbone.publishNow([first]);
    await waitFor('the subscriber blocked by its first event', async () => {
      const rows = await db.query<unknown[]>(
        'SELECT 1 FROM subscriber_blocks WHERE consumer_group = $1 AND subscriber_key = $2',
        [groupId, subject],
      );
      return rows.length > 0;
    });
    // A type this service has no @EventPattern for, then a handled one, on the same key.
    const ignored: NewEvent = {
      id: randomUUID(),
      type: EventTypes.SubscriberSuspended,
      subject,
      topic: Topics.SubscriberLifecycle,
      data: samplePayload(EventTypes.SubscriberSuspended),
    };
    const second = activationRequested(
      Topics.SubscriberLifecycle,
      subject,
      `second-${randomUUID()}`,
    );
    await backbone.publishNow([ignored, second]);

    await waitFor(
      'the later handled event, after the retried one',
      () => seen.some((s) => s.id === second.id),
      60_000,
    );
    const handledOrder = seen.filter((s) => s.id === first.id || s.id === second.id);
    expect(handledOrder.map((s) => [s.id, s.attempt])).toEqual([
      [first.id, 1],
      [first.id, 2],
      [second.id, 1],
    ]);
    const ours = [first.id, ignored.id, second.id];
    // The handler has seen the second event; its inbox row commits with the handling's
    // transaction, a moment later.
    const inboxRows = async () =>
      (
        await db.query<{ event_id: string }[]>(
          'SELECT event_id FROM inbox WHERE consumer_group = $1 AND event_id = ANY($2::text[])',
          [groupId, ours],
        )
      ).map((r) => r.event_id);
    await waitFor('the second event in the inbox', async () =>
      (await inboxRows()).some((id) => id === second.id),
    );
    expect((await inboxRows()).sort()).toEqual([first.id, second.id].sort());
    const parked = await db.query<{ event_id: string }[]>(
      'SELECT event_id FROM parked_events WHERE consumer_group = $1 AND event_id = ANY($2::text[])',
      [groupId, ours],
    );
    expect(parked).toEqual([]);
  });
});
