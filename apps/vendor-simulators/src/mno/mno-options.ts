import type { Logger } from '@handoff/observability';
import type { MnoFaultRule } from './mno-fault-rule.schema';

export const DEFAULT_COMPLETION_DELAY_MS = 300;
export const MAX_COMPLETION_DELAY_MS = 600_000;
/** A donor answers at once by default; a real one takes hours (a day at most here). */
export const DEFAULT_PORT_IN_DECISION_MS = 0;
export const MAX_PORT_IN_DECISION_MS = 86_400_000;

/** What one MNO simulator instance starts with. */
export interface MnoModuleOptions {
  logger: Logger;
  completionDelayMs: number;
  portInDecisionMs: number;
  faults: readonly MnoFaultRule[];
}

export const MNO_OPTIONS = Symbol('MNO_OPTIONS');
