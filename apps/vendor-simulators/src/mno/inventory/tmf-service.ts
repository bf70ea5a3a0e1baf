import type { LineState, MnoLine } from '../lines/line.types';
import { TMF638_BASE_PATH } from '../tmf/tmf638';
import { MOBILE_LINE_SPEC } from '../tmf/tmf641';

/** A TMF638 v4 Service, reduced to what this MNO keeps about a mobile line. */
export interface TmfService {
  '@type': 'Service';
  id: string;
  href: string;
  state: LineState;
  serviceSpecification: { id: string };
  serviceDate: string;
  serviceCharacteristic: { name: string; value: unknown }[];
}

export function toTmfService(line: MnoLine): TmfService {
  return {
    '@type': 'Service',
    id: line.id,
    href: `/${TMF638_BASE_PATH}/service/${line.id}`,
    state: line.state,
    serviceSpecification: { id: MOBILE_LINE_SPEC },
    serviceDate: line.updatedAt,
    serviceCharacteristic: [
      { name: 'iccid', value: line.iccid },
      { name: 'imsi', value: line.imsi },
      { name: 'msisdn', value: line.msisdn },
      { name: 'planCode', value: line.planCode },
      { name: 'portedIn', value: line.portedIn },
      // Where the number went, for a reader that missed the hub's port-out notice.
      ...(line.portedOut ? [{ name: 'portOut', value: line.portedOut }] : []),
    ],
  };
}
