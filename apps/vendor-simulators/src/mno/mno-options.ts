import type { Logger } from '@handoff/observability';
import type { MnoFaultRule } from './mno-fault-rule.schema';

export const DEFAULT_COMPLETION_DELAY_MS = 300;
export const MAX_COMPLETION_DELAY_MS = 600_000;

/** What one MNO simulator instance starts with. */
export interface MnoModuleOptions {
  logger: Logger;
  completionDelayMs: number;
  faults: readonly MnoFaultRule[];
}

export const MNO_OPTIONS = Symbol('MNO_OPTIONS');
