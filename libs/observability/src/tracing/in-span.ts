import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { maskPersonalText } from '../masking/mask-text';
import { handoffTracer } from './tracing';

/**
 * Marks a span failed with what was thrown: its class and message, personal data masked by shape
 * as in logs (a SQL error quotes its parameters), never a stack or a payload.
 */
export function recordFailure(span: Span, error: unknown): void {
  const message = maskPersonalText(error instanceof Error ? error.message : String(error));
  if (error instanceof Error) span.recordException({ name: error.name, message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * Runs `work` in a span of its own, active for whatever it starts (vendor calls, emitted events),
 * ended when it settles, failed when it throws.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  return handoffTracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
