import { Inject, Injectable } from '@nestjs/common';
import { OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import type { OwnershipMatrix } from '@handoff/ownership';
import { DEALER_INTEGRATION_POINT } from '../gateway.constants';

/**
 * The team that owns the dealer integration point, resolved once at start-up: a gateway whose
 * point has no owner in ownership.yaml refuses to start rather than write ownerless ledger rows.
 */
@Injectable()
export class DealerOwnership {
  readonly integrationPoint = DEALER_INTEGRATION_POINT;
  readonly team: string;

  constructor(@Inject(OWNERSHIP_MATRIX) matrix: OwnershipMatrix) {
    const point = matrix.integrationPoint(DEALER_INTEGRATION_POINT);
    if (!point) {
      throw new Error(`ownership.yaml has no integration point "${DEALER_INTEGRATION_POINT}"`);
    }
    this.team = point.responsibleTeam;
  }
}
