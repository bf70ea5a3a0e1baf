import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { EventTypes } from '@handoff/contracts';
import { Backbone, connectTopicAdmin, groupTopicSpecs, Topics } from '@handoff/messaging';
import { BackboneModule, HandoffRpcContext, startConsumerService } from '@handoff/messaging-nest';
import { UnownedIntegrationPointError } from '@handoff/ownership';
import { RetryableError } from '@handoff/resilience';
import { activationRequested } from '../../support/samples';
import { infra, uniqueName, waitFor } from '../../support/test-infra';

const SUBJECT = `nest-${randomUUID()}`;
const seen: { attempt: number; planCode: unknown; correlationId: string }[] = [];

@Controller()
class FlakyActivationHandler {
  constructor(@Inject(Backbone) readonly backbone: Backbone) {}

  @EventPattern(EventTypes.ActivationRequested)
  async onRequested(
    @Payload() data: { planCode: unknown },
    @Ctx() ctx: HandoffRpcContext,
  ): Promise<void> {
    if (ctx.envelope.subject !== SUBJECT) return;
    seen.push({
      attempt: ctx.handling.attempt,
      planCode: data.planCode,
      correlationId: ctx.envelope.correlationId,
    });
    if (ctx.handling.attempt === 1)
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

  afterAll(async () => {
    await app?.close();
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
});
