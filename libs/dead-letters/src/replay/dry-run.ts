import type { DataSource } from 'typeorm';
import type { EventCodec, IncomingRecord } from '@handoff/messaging';
import type { DeadLetterEntry } from '../browse/dead-letter-browser';
import { vendorCallsFor, type VendorCall, type VendorCallCatalogue } from './vendor-calls';

/** What a replay of one record would do, found out without changing anything. */
export interface DryRunReport {
  /** Decodes with today's schemas and carries complete CloudEvents headers. */
  passesValidation: boolean;
  validationError: string | null;
  /** The group's inbox already holds this event id: a replay would be acknowledged, not handled. Null without an event id. */
  alreadyApplied: boolean | null;
  /** The calls the group's handler makes for this type; null when the group declared none. */
  vendorCalls: readonly VendorCall[] | null;
  targetTopic: string;
}

export async function dryRun(
  { record, deadLetter }: DeadLetterEntry,
  codec: EventCodec,
  dataSource: DataSource,
  targetTopic: string,
  catalogue: VendorCallCatalogue,
): Promise<DryRunReport> {
  const validationError = validationErrorOf(record, codec);
  return {
    passesValidation: validationError === null,
    validationError,
    alreadyApplied: deadLetter.eventId
      ? await inInbox(dataSource, deadLetter.consumerGroup, deadLetter.eventId)
      : null,
    vendorCalls: validationError
      ? []
      : vendorCallsFor(catalogue, deadLetter.consumerGroup, deadLetter.eventType),
    targetTopic,
  };
}

/** Why the record would fail again at once (schemas, CloudEvents headers), or null when it decodes. */
export function validationErrorOf(record: IncomingRecord, codec: EventCodec): string | null {
  try {
    codec.fromRecord(record);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function inInbox(dataSource: DataSource, group: string, eventId: string): Promise<boolean> {
  const rows = await dataSource.query<unknown[]>(
    'SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = $2',
    [group, eventId],
  );
  return rows.length > 0;
}
