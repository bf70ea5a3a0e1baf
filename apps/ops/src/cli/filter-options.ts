import type { Command } from 'commander';
import { parseFilter, type DeadLetterFilter } from '@handoff/dead-letters';

export interface FilterOptions {
  topic?: string;
  group?: string;
  errorClass?: string;
  code?: string;
  ownerTeam?: string;
  olderThan?: string;
  newerThan?: string;
  status?: string;
}

export function withFilterOptions(command: Command): Command {
  return command
    .option('--topic <topic>', 'original (source) topic of the failed record')
    .option('--group <group>', 'consumer group (default: every group of the topic catalog)')
    .option('--error-class <class>', 'retryable | permanent | business-rejection')
    .option(
      '--code <code>',
      'error code, matched exactly; any code: CARD_DATA_REFUSED, MNO.ORDER_REJECTED, PAYMENT.UNAVAILABLE',
    )
    .option('--owner-team <team>', 'team owning the point where it failed, e.g. network-ops')
    .option('--older-than <age>', 'dead-lettered more than this long ago: 30m, 2h, 1d')
    .option('--newer-than <age>', 'dead-lettered less than this long ago: 30m, 2h, 1d')
    .option('--status <status>', 'open | replayed | discarded');
}

export function filterFrom(o: FilterOptions): DeadLetterFilter {
  return parseFilter(o);
}

export function hasFilter(o: FilterOptions): boolean {
  return Object.values(filterFrom(o)).some((v) => v !== undefined);
}
