import type { DunningSettings } from './dunning.config';
import type { Clock } from './dunning.port';

/**
 * The real clock, or (scale > 1, tests and the demo only: `loadDunningConfig` refuses it in a
 * deployment) one that starts at the real time now and runs `scale` times faster from then on, so a
 * schedule of days runs in seconds. A scaled clock starts again at the real time in each process:
 * after a restart, attempts it had made due wait until the new clock catches up with them.
 */
export function dunningClock(
  settings: Pick<DunningSettings, 'clockScale'>,
  realNow: Clock = Date.now,
): Clock {
  if (settings.clockScale === 1) return realNow;
  const origin = realNow();
  return () => origin + Math.floor((realNow() - origin) * settings.clockScale);
}
