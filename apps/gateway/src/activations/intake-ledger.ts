import type { EntityManager } from 'typeorm';
import { recordLedger } from '@handoff/audit';
import type { ActivationRequested } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { DEALER_INTEGRATION_POINT, GATEWAY_ACTOR } from '../gateway.constants';

export interface IntakeRecord {
  correlationId: string;
  event: NewEvent<ActivationRequested>;
  ownerTeam: string;
  idempotencyKey?: string;
}

/** The first handoff of the activation's trail: the dealer's request, accepted by the gateway. */
export async function recordIntake(manager: EntityManager, record: IntakeRecord): Promise<void> {
  const { data } = record.event;
  await recordLedger(manager, [
    {
      occurredAt: new Date(data.requestedAt),
      correlationId: record.correlationId,
      eventId: record.event.id,
      eventType: record.event.type,
      kind: 'http-request',
      actor: GATEWAY_ACTOR,
      integrationPoint: DEALER_INTEGRATION_POINT,
      ownerTeam: record.ownerTeam,
      subject: record.event.subject,
      // Masked by recordLedger; port-in secrets and the address are left out altogether.
      summary: {
        request: 'POST /v1/activations',
        activationId: data.activationId,
        dealerId: data.dealerId,
        planCode: data.planCode,
        iccid: data.iccid,
        portIn: data.portIn !== null,
        idempotencyKey: record.idempotencyKey ?? null,
      },
      outcome: 'accepted',
      httpStatus: 202,
    },
  ]);
}
