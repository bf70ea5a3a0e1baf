import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates one configuration namespace at boot. The schema's keys are environment variable names,
 * so every message names the variable an operator has to fix.
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: NodeJS.ProcessEnv | Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data as z.infer<S>;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

export const port = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).default(fallback);

/** A comma-separated list such as `host1:9092,host2:9092`; empty means "not given". */
export const commaList = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
  );

/**
 * `NODE_ENV` unset, empty, `development` or `test`: where the devstack's defaults and test-only
 * settings (such as a scaled clock) are allowed. Any other value (`production`, `staging`...) is a
 * deployment, where they are refused at start-up.
 */
export function isDevelopmentEnvironment(nodeEnv: string | undefined): boolean {
  return !nodeEnv || nodeEnv === 'development' || nodeEnv === 'test';
}
