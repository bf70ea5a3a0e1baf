import { BaseRpcContext } from '@nestjs/microservices';
import type { EventEnvelope, HandlerContext } from '@handoff/messaging';

/** What `@Ctx()` gives a handler: the whole envelope and the handling context (emit, transaction). */
export class HandoffRpcContext extends BaseRpcContext<[EventEnvelope, HandlerContext]> {
  get envelope(): EventEnvelope {
    return this.args[0];
  }

  get handling(): HandlerContext {
    return this.args[1];
  }
}
