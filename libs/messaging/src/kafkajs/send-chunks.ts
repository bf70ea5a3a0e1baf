import type { OutgoingRecord } from '../port/messaging.port';

/**
 * Half the broker's default `message.max.bytes` (1 MiB), which bounds a whole record batch of one
 * partition, not a record: 500 dead letters bound for a one-partition topic (each with its stack
 * trace) are refused together, and an outbox relay sending them would stall every service.
 */
export const MAX_SEND_BYTES = 512 * 1024;
/** Kafka's own bytes per record (lengths, offsets, timestamps), a generous estimate. */
const RECORD_OVERHEAD = 64;

function sizeOf(record: OutgoingRecord): number {
  let size = RECORD_OVERHEAD + record.value.length + Buffer.byteLength(record.key ?? '');
  for (const [name, value] of Object.entries(record.headers)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return size;
}

/**
 * The records in order, cut into runs of at most `maxBytes` (a record larger than that goes alone,
 * for the broker to judge), so that sending the runs one after the other keeps every order.
 */
export function sendChunks(
  records: readonly OutgoingRecord[],
  maxBytes = MAX_SEND_BYTES,
): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = sizeOf(record);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
