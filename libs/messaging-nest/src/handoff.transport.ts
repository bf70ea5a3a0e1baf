import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type {
  Backbone,
  ConsumerGroupOptions,
  ConsumerRunner,
  EventEnvelope,
  HandlerContext,
} from '@handoff/messaging';
import { HandoffRpcContext } from './handoff-rpc.context';

export type TransportGroupOptions = Omit<ConsumerGroupOptions, 'handler'>;

/**
 * Serves `@EventPattern(EventTypes.X)` handlers from our consumer runner instead of Nest's stock
 * Kafka transport, which has no retry path or dead letter and can stall or skip a record when a
 * handler fails. The pattern is the event type (`ce_type`); types without a handler are skipped.
 */
export class HandoffTransport extends Server implements CustomTransportStrategy {
  private runner: ConsumerRunner | undefined;
  private backbone: Backbone | undefined;

  constructor(private readonly group: TransportGroupOptions) {
    super();
  }

  /** The backbone lives in the app's container, which exists only after the strategy is handed to Nest. */
  attach(backbone: Backbone): void {
    this.backbone = backbone;
  }

  listen(callback: (error?: unknown) => void): void {
    if (!this.backbone) {
      callback(new Error('HandoffTransport.attach(backbone) must be called before listen()'));
      return;
    }
    // A batch handler takes the group's records itself; `@EventPattern` handlers serve the rest.
    this.runner = this.backbone.consumerGroup(
      this.group.batchHandler
        ? this.group
        : {
            ...this.group,
            handler: (e, ctx) => this.dispatch(e, ctx),
            handles: (type) => Boolean(this.getHandlerByPattern(type)),
          },
    );
    this.runner.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.runner?.stop();
    this.runner = undefined;
  }

  on(): never {
    throw new Error('HandoffTransport emits no transport events');
  }

  unwrap<T>(): T {
    return this.backbone?.client as T;
  }

  private async dispatch(envelope: EventEnvelope, handling: HandlerContext): Promise<void> {
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler) return;
    const result: unknown = await handler(
      envelope.data,
      new HandoffRpcContext([envelope, handling]),
    );
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }
}
