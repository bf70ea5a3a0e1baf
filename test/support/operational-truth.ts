import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  ActivationRepository,
  LineRepository,
  type LineRequestIntake,
} from '@handoff/activation-saga';
import type { Backbone, EventEnvelope } from '@handoff/messaging';
import { ownershipLookup } from '@handoff/messaging-nest';
import {
  OperationalTruthWatcher,
  type Clock,
  type FailureSource,
  type VendorProbe,
} from '@handoff/operational-truth';
import type { OwnershipMatrix } from '@handoff/ownership';
import { newIccid } from './activation-requests';
import { silentLog, testBackbone, type TopicTap } from './backbone-harness';
import { waitFor } from './test-infra';

const MINUTE = 60_000;

/** A clock the test moves: real time plus an offset, so rows written with now() line up. */
export class SteppedClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** The clock reads `minutes` after the real time from now on. */
  at(minutes: number): void {
    this.offsetMs = minutes * MINUTE;
  }
}

/** A backbone whose events carry the real ownership matrix's owners, its relay running. */
export function alertsBackbone(dataSource: DataSource, matrix: OwnershipMatrix): Backbone {
  const backbone = testBackbone(dataSource, { ownership: ownershipLookup(matrix) });
  backbone.relay.start();
  return backbone;
}

export function testWatcher(
  dataSource: DataSource,
  matrix: OwnershipMatrix,
  backbone: Backbone,
  clock: Clock,
  probes: ReadonlyMap<string, VendorProbe> = new Map(),
  failures?: FailureSource,
): OperationalTruthWatcher {
  return new OperationalTruthWatcher({
    dataSource,
    matrix,
    backbone,
    log: silentLog,
    probes,
    clock,
    failures,
  });
}

const lines = new LineRepository();
const activations = new ActivationRepository();
let serial = Math.floor(Math.random() * 1e7);

/** An active line with a plan change open at the MNO since now, written as the saga writes it. */
export async function openPlanChange(db: DataSource): Promise<LineRequestIntake> {
  const subscriberId = `sub-${randomUUID()}`;
  await activations.createSubscriber(db.manager, {
    subscriberId,
    iccid: newIccid(),
    msisdn: `1415${String((serial += 1)).padStart(7, '0')}`,
    imsi: '310260123456789',
    planCode: 'UNL-5G-30',
    activationId: `act-${randomUUID()}`,
  });
  const requestId = `req-${randomUUID()}`;
  const intake: LineRequestIntake = {
    requestId,
    subscriberId,
    kind: 'planChange',
    eventId: randomUUID(),
    correlationId: `corr-${randomUUID()}`,
    requestedAt: Date.now(),
  };
  await db.transaction((tx) =>
    lines.open(tx, intake, { state: 'active', planCode: 'BASIC-5G-15' }),
  );
  return intake;
}

export async function completePlanChange(db: DataSource, intake: LineRequestIntake) {
  await db.transaction((tx) => lines.complete(tx, intake));
}

export const workRefOf = (intake: LineRequestIntake) =>
  `${intake.subscriberId}/${intake.requestId}`;

/** The alerts of one incident on the tap, once there are `count` of them. */
export async function incidentAlerts(
  tap: TopicTap,
  incidentId: string,
  count: number,
): Promise<EventEnvelope[]> {
  return waitFor(`${count} alerts of incident ${incidentId}`, () => {
    const events = tap.eventsKeyed(incidentId);
    return events.length >= count && events;
  });
}
