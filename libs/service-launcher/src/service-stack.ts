import { join } from 'node:path';
import {
  startService,
  stopService,
  type RunningService,
  type ServiceSpec,
  type StartOptions,
} from './service-process';

/**
 * Starts the services side by side, each logging to `<logsDir>/<prefix><name>.log`. If one fails
 * to start, the others are stopped again and the error names every failure with its log.
 */
export async function startStack(
  specs: readonly ServiceSpec[],
  logsDir: string,
  options: StartOptions & { logPrefix?: string } = {},
): Promise<RunningService[]> {
  const logFile = (name: string) => join(logsDir, `${options.logPrefix ?? ''}${name}.log`);
  const started = await Promise.allSettled(
    specs.map((spec) => startService(spec, logFile(spec.name), options)),
  );
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.flatMap((s) =>
    s.status === 'rejected'
      ? [s.reason instanceof Error ? s.reason.message : String(s.reason)]
      : [],
  );
  if (failed.length > 0) {
    await stopStack(running);
    throw new Error(failed.join('\n'));
  }
  return running;
}

/** Stops every service; returns the names of those that did not shut down cleanly on SIGTERM. */
export async function stopStack(services: readonly RunningService[]): Promise<string[]> {
  const clean = await Promise.all(services.map((s) => stopService(s)));
  return services.filter((_, i) => !clean[i]).map((s) => `${s.name} (see ${s.logFile})`);
}
