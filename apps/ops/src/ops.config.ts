import { z } from 'zod';
import { loadConfig, port } from '@handoff/config';

const opsSchema = z.object({
  OPS_PORT: port(18082),
  /** The CLI's operator key when `--api-key` is not given. */
  HANDOFF_OPERATOR_KEY: z.string().min(1).optional(),
});

export interface OpsConfig {
  port: number;
  operatorKey: string | undefined;
}

export function loadOpsConfig(env: Record<string, string | undefined> = process.env): OpsConfig {
  const c = loadConfig(opsSchema, env);
  return { port: c.OPS_PORT, operatorKey: c.HANDOFF_OPERATOR_KEY };
}
