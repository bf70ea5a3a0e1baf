import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { loadLocalRegistry } from '@handoff/contracts';

type Registry = ReturnType<typeof loadLocalRegistry>;

const VALID_FIXTURES = resolve(__dirname, '../../contracts/fixtures/valid');
/** Confluent wire-format header: magic byte and schema id. */
const WIRE_HEADER_BYTES = 5;

export interface BenchPayload {
  data: Record<string, unknown>;
  /** Size of the encoded record value, wire header included. */
  encodedBytes: number;
}

/**
 * The committed valid fixture of the latest version of `eventType`, with its service address line
 * padded so that the encoded value is `targetBytes` long: the same size as the bare loop's records.
 */
export function benchPayload(
  registry: Registry,
  eventType: string,
  targetBytes = 1024,
): BenchPayload {
  const latest = registry.latest(eventType);
  const file = resolve(VALID_FIXTURES, `${eventType}.v${latest.version}.json`);
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const address = fixture.serviceAddress as Record<string, unknown> | undefined;
  if (typeof address?.line1 !== 'string')
    throw new Error(`${file}: expected serviceAddress.line1 to pad`);
  const line1 = address.line1;

  const withPadding = (chars: number) => ({
    ...fixture,
    serviceAddress: {
      ...address,
      line1: `${line1} ${'Building B'.repeat(Math.ceil(chars / 10)).slice(0, chars)}`,
    },
  });
  const size = (data: unknown) => WIRE_HEADER_BYTES + latest.type.toBuffer(data).length;

  // The string's length prefix is a varint that grows by a byte at 64 and 8192 characters: step
  // towards the target until the size is exact (a few steps at most).
  let chars = 0;
  for (let step = 0; step < 8; step += 1) {
    const missing = targetBytes - size(withPadding(chars));
    if (missing === 0) break;
    chars = Math.max(0, chars + (missing > 0 ? missing : -1));
  }
  const data = withPadding(chars);
  if (!latest.type.isValid(data))
    throw new Error(`${file}: the padded payload no longer fits ${eventType}`);
  return { data, encodedBytes: size(data) };
}
