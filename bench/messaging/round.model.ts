import type { KafkaConnection } from '@handoff/config';
import type { CpuShares } from './machine-cpu.probe';

export type LoopKind = 'bare' | 'backbone';

export interface RoundResult {
  kind: LoopKind;
  round: number;
  records: number;
  /** From consumer start until every record is consumed and its output acknowledged by the broker. */
  elapsedMs: number;
  /** Of elapsedMs, until the consumer (group) had joined and was fetching. */
  startMs: number;
  /** Who used the CPUs during the timed phase. */
  cpu: CpuShares | undefined;
  /** Lines of detail printed under the round, e.g. a profile. */
  notes: string[];
}

export function rateOf(result: Pick<RoundResult, 'records' | 'elapsedMs'>): number {
  return result.records / (result.elapsedMs / 1000);
}

export interface RoundContext {
  round: number;
  records: number;
  kafka: KafkaConnection;
  phaseTimeoutMs: number;
  /** How long to wait for other processes to leave the CPUs alone before a timed phase; 0 = not at all. */
  quietWaitMs: number;
}
