import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');
const DEADLINE_S = 20;

/**
 * Fails the run early, with what to do, when Kafka or PostgreSQL does not answer. It starts
 * nothing: `npm test` runs `infra:up` first. Jest applies no moduleNameMapper to a globalSetup
 * module, so the @handoff/* aliases do not resolve here; the devstack CLI's `check` runs the
 * probes instead, with the very configuration the services use.
 */
export default async function globalSetup(): Promise<void> {
  const args = [
    '-r',
    '@swc-node/register',
    'apps/devstack/src/main.ts',
    'check',
    '--timeout',
    String(DEADLINE_S),
  ];
  try {
    await promisify(execFile)(process.execPath, args, { cwd: ROOT });
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new Error(
      `Integration tests need Kafka and PostgreSQL (start them with \`npm run infra:up\`):\n${reason}`,
    );
  }
}
