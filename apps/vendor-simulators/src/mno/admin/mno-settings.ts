import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  MAX_COMPLETION_DELAY_MS,
  MAX_PORT_IN_DECISION_MS,
  MNO_OPTIONS,
  type MnoModuleOptions,
} from '../mno-options';

export const mnoSettingsSchema = z
  .object({
    completionDelayMs: z.number().int().min(0).max(MAX_COMPLETION_DELAY_MS).optional(),
    portInDecisionMs: z.number().int().min(0).max(MAX_PORT_IN_DECISION_MS).optional(),
    /** False: the hub stops calling its listeners (a hub down, a subscription lost). */
    hubDelivery: z.boolean().optional(),
  })
  .strict();

export type MnoSettingsUpdate = z.infer<typeof mnoSettingsSchema>;
export type MnoSettingsValues = Required<MnoSettingsUpdate>;

/** Behaviour an operator may change at run time; orders already received keep their schedule. */
@Injectable()
export class MnoSettings {
  completionDelayMs: number;
  /** How long a port-in waits `pending` for the donor operator's answer. */
  portInDecisionMs: number;
  hubDelivery = true;

  constructor(@Inject(MNO_OPTIONS) options: MnoModuleOptions) {
    this.completionDelayMs = options.completionDelayMs;
    this.portInDecisionMs = options.portInDecisionMs;
  }

  values(): MnoSettingsValues {
    const { completionDelayMs, portInDecisionMs, hubDelivery } = this;
    return { completionDelayMs, portInDecisionMs, hubDelivery };
  }

  /** Changes the fields given; the others keep their value. */
  update(values: MnoSettingsUpdate): MnoSettingsValues {
    this.completionDelayMs = values.completionDelayMs ?? this.completionDelayMs;
    this.portInDecisionMs = values.portInDecisionMs ?? this.portInDecisionMs;
    this.hubDelivery = values.hubDelivery ?? this.hubDelivery;
    return this.values();
  }
}
