import { Module } from '@nestjs/common';
import { Topics } from '@handoff/messaging';
import { BackboneModule } from '@handoff/messaging-nest';
import { DemoActivationHandler } from './demo-activation.handler';
import { DemoOutcomes } from './demo-outcomes';

@Module({
  imports: [
    BackboneModule.forRoot({
      service: 'backbone-demo',
      consumes: [Topics.SubscriberLifecycle],
      produces: [Topics.SubscriberLifecycle],
      vendors: ['mno'],
      // The scenario narrates; the runner's own JSON lines would drown it.
      logLevel: 'error',
    }),
  ],
  controllers: [DemoActivationHandler],
  providers: [DemoOutcomes],
})
export class DemoModule {}
