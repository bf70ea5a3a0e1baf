import { luhnCheckDigit } from '@handoff/card-data';
import type { DataSource } from 'typeorm';

/** A Visa-shaped number of this run alone: 16 digits, first digit 4, valid Luhn check digit. */
export function newCardNumber(): string {
  const body = `4${String(Math.floor(Math.random() * 1e14)).padStart(14, '0')}`;
  return body + luhnCheckDigit(body);
}

/** `4111111111111111` as a customer types it: `4111 1111 1111 1111`. */
export const spacedInFours = (pan: string) => pan.replace(/(\d{4})(?=\d)/g, '$1 ');

/** True when `bytes` hold `pan`, in one piece or split by spaces or dashes (Avro strings are UTF-8). */
export function holdsCardNumber(bytes: Buffer | string | null, pan: string): boolean {
  if (bytes === null) return false;
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  return text.replace(/[ -]/g, '').includes(pan);
}

/** Every table a card number could reach once a request got past the edge. */
export const SCANNED_TABLES = [
  'activations',
  'outbox',
  'inbox',
  'parked_events',
  'audit_ledger',
  'idempotency_keys',
  'port_in_secrets',
  'payment_requests',
  'payment_refunds',
  'dunning_schedules',
  'dunning_card_attempts',
] as const;

/** The tables (of `SCANNED_TABLES`) with a row holding `pan` in any column, bytes included. */
export async function tablesHolding(db: DataSource, pan: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of SCANNED_TABLES) {
    const rows = await db.query<Record<string, unknown>[]>(`SELECT * FROM ${table}`);
    if (
      rows.some((row) => Object.values(row).some((value) => holdsCardNumber(asText(value), pan)))
    ) {
      found.push(table);
    }
  }
  return found;
}

function asText(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value : typeof value === 'string' ? value : JSON.stringify(value);
}
