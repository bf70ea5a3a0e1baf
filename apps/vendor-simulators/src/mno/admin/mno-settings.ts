import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { MAX_COMPLETION_DELAY_MS, MNO_OPTIONS, type MnoModuleOptions } from '../mno-options';

export const mnoSettingsSchema = z
  .object({ completionDelayMs: z.number().int().min(0).max(MAX_COMPLETION_DELAY_MS) })
  .strict();

export type MnoSettingsValues = z.infer<typeof mnoSettingsSchema>;

/** Behaviour an operator may change at run time; orders already received keep their schedule. */
@Injectable()
export class MnoSettings {
  completionDelayMs: number;

  constructor(@Inject(MNO_OPTIONS) options: MnoModuleOptions) {
    this.completionDelayMs = options.completionDelayMs;
  }

  values(): MnoSettingsValues {
    return { completionDelayMs: this.completionDelayMs };
  }

  update(values: MnoSettingsValues): MnoSettingsValues {
    this.completionDelayMs = values.completionDelayMs;
    return this.values();
  }
}
