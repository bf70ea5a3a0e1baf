import { randomUUID } from 'node:crypto';
import {
  type LineChange,
  type MnoLine,
  type MnoLineOrder,
  MnoProvisioningAxiosAdapter,
  type MnoSettings,
} from '@handoff/mno-provisioning';
import { waitFor } from '../../support/test-infra';
import {
  type MnoTestClient,
  newIccid,
  startTestSimulator,
} from '../mno-simulator/mno-simulator.harness';

const SETTINGS: Omit<MnoSettings, 'baseUrl'> = {
  callTimeoutMs: 300,
  retry: { attempts: 3, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
  orderWaitLimitMs: 60_000,
  // Faults are provoked on purpose here; the breaker is covered by the adapter's own specs.
  breaker: {
    errorThresholdPercentage: 50,
    resetTimeoutMs: 200,
    rollingCountTimeoutMs: 10_000,
    volumeThreshold: 1_000,
  },
};

/**
 * The MNO adapter against a real MNO simulator over HTTP, one of each for a describe block, reset
 * and reconnected before each test.
 */
export function useAdapterAndSimulator(): {
  mno: MnoTestClient;
  adapter: MnoProvisioningAxiosAdapter;
} {
  const rig = {} as { mno: MnoTestClient; adapter: MnoProvisioningAxiosAdapter };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const { simulator, mno } = await startTestSimulator(60);
    rig.mno = mno;
    close = () => simulator.close();
  });
  beforeEach(async () => {
    await rig.mno.reset();
    await rig.mno.settings({ completionDelayMs: 60, portInDecisionMs: 0 });
    rig.adapter = new MnoProvisioningAxiosAdapter({
      ...SETTINGS,
      baseUrl: `${rig.mno.url}/tmf-api/serviceOrdering/v4`,
    });
  });
  afterEach(() => rig.adapter.close());
  afterAll(() => close?.());
  return rig;
}

/** The order once the MNO has settled it (completed or failed). */
export function settled(
  adapter: MnoProvisioningAxiosAdapter,
  order: MnoLineOrder,
): Promise<MnoLineOrder> {
  return waitFor(`line order ${order.requestId} settled`, async () => {
    const now = await adapter.getLineOrder(order.orderId);
    return (now.state === 'completed' || now.state === 'failed') && now;
  });
}

/** A line activated through the adapter and completed at the MNO. */
export async function activeLine(
  adapter: MnoProvisioningAxiosAdapter,
  msisdn: string | null = null,
): Promise<MnoLine> {
  const iccid = newIccid();
  const activation = {
    activationId: `act-${randomUUID()}`,
    iccid,
    msisdn,
    planCode: 'PLAN-A',
    portIn: null,
  };
  const order = await adapter.submitOrFind(activation);
  await waitFor('activation completed', async () => {
    const now = await adapter.getOrder(order.orderId);
    return now.state === 'completed';
  });
  const line = await adapter.findLine({ iccid });
  if (!line) throw new Error('the activated line is not in the MNO inventory');
  return line;
}

/** Places `change` on the line now holding `iccid` and waits for the MNO to settle it. */
export async function changeLine(
  adapter: MnoProvisioningAxiosAdapter,
  iccid: string,
  change: LineChange,
): Promise<MnoLineOrder> {
  const order = await adapter.submitLineOrder({ requestId: `req-${randomUUID()}`, iccid, change });
  return settled(adapter, order);
}
