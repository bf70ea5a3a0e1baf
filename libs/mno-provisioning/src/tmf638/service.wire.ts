import { z } from 'zod';
import { malformedResponse, type MnoEndpoint } from '../mno-provisioning.errors';
import type { MnoLine, PortOut, TerminatedLine } from '../mno-provisioning.port';

/**
 * The MNO's TMF638 (v4) Service Inventory, as far as we read it: a mobile line is a service whose
 * characteristics carry its numbers. These types never leave the lib.
 */
export const tmfServiceSchema = z.object({
  id: z.string().min(1),
  state: z.enum([
    'feasibilityChecked',
    'designed',
    'reserved',
    'inactive',
    'active',
    'suspended',
    'terminated',
  ]),
  /** When the line last changed (this MNO's reading of TMF638's `serviceDate`). */
  serviceDate: z.string().datetime({ offset: true }).optional(),
  serviceCharacteristic: z.array(z.object({ name: z.string(), value: z.unknown() })).default([]),
});

export const tmfServiceListSchema = z.array(tmfServiceSchema);

export type TmfService = z.infer<typeof tmfServiceSchema>;

/** Reads a characteristic list by name: a non-empty string, or null. */
export function stringCharacteristic(
  list: readonly { name: string; value?: unknown }[] | undefined,
  name: string,
): string | null {
  const value = list?.find((c) => c.name === name)?.value;
  return typeof value === 'string' && value !== '' ? value : null;
}

const portOutSchema = z.object({ recipientOperator: z.string().nullish(), portedAt: z.string() });

/** The non-standard `portOut` characteristic: where the number went; null if it did not leave. */
export function portOutOf(list: readonly { name: string; value?: unknown }[]): PortOut | null {
  const parsed = portOutSchema.safeParse(list.find((c) => c.name === 'portOut')?.value);
  const portedAt = parsed.success ? Date.parse(parsed.data.portedAt) : NaN;
  if (!parsed.success || Number.isNaN(portedAt)) return null;
  return { recipientOperator: parsed.data.recipientOperator ?? null, portedAt };
}

/** A terminated line of a list; one without a `serviceDate` is off-contract for this read. */
export function terminatedLineFrom(endpoint: MnoEndpoint, service: TmfService): TerminatedLine {
  const line = lineFrom(endpoint, service);
  const changedAt = service.serviceDate ? Date.parse(service.serviceDate) : NaN;
  if (line.state !== 'terminated' || Number.isNaN(changedAt)) {
    throw malformedResponse(endpoint, 'a listed line that is not terminated or has no serviceDate');
  }
  return {
    ...line,
    state: 'terminated',
    changedAt,
    portOut: portOutOf(service.serviceCharacteristic),
  };
}

/** TMF638's pre-activation states are all `designed` to us; a line without ICCID or plan is off-contract. */
export function lineFrom(
  endpoint: MnoEndpoint,
  service: {
    id?: string;
    state?: string;
    serviceCharacteristic?: { name: string; value?: unknown }[];
  },
): MnoLine {
  const list = service.serviceCharacteristic;
  const iccid = stringCharacteristic(list, 'iccid');
  const planCode = stringCharacteristic(list, 'planCode');
  const state = LINE_STATE[service.state ?? ''];
  if (!service.id || !state || !iccid || !planCode) {
    throw malformedResponse(endpoint, 'a line without id, known state, iccid or planCode');
  }
  return {
    lineId: service.id,
    state,
    iccid,
    imsi: stringCharacteristic(list, 'imsi'),
    msisdn: stringCharacteristic(list, 'msisdn'),
    planCode,
  };
}

const LINE_STATE: Record<string, MnoLine['state'] | undefined> = {
  feasibilityChecked: 'designed',
  designed: 'designed',
  reserved: 'designed',
  inactive: 'suspended',
  active: 'active',
  suspended: 'suspended',
  terminated: 'terminated',
};

/** Of the lines holding one ICCID or MSISDN, the live one; else the latest that ended. */
export function currentLine(lines: readonly MnoLine[]): MnoLine | undefined {
  const live = lines.filter((l) => l.state !== 'terminated');
  return live.at(-1) ?? lines.at(-1);
}
