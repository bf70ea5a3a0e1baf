import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { newApiKey, registerDealer } from '@handoff/access';
import { luhnCheckDigit } from '@handoff/activation-requests';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import {
  startGateway,
  type GatewayOptions,
  type RunningGateway,
} from '../../../apps/gateway/src/start-gateway';
import { infra } from '../../support/test-infra';

export type { RunningGateway };

export interface TestDealer {
  dealerId: string;
  apiKey: string;
  auth: { Authorization: string };
}

/** The gateway in this process on a free port, against the devstack's database and broker. */
export async function startTestGateway(
  options: Partial<GatewayOptions> = {},
): Promise<{ gateway: RunningGateway; db: DataSource }> {
  // Tests poll a dealer's activation every 50 ms; the rate limit has its own test, with its own limit.
  const gateway = await startGateway({
    port: 0,
    logLevel: 'error',
    rateLimitPerMinute: 1_000_000,
    ...options,
  });
  const db = await createDataSource(infra.databaseUrl).initialize();
  return { gateway, db };
}

/** A dealer of this test alone: the shared database keeps every earlier run's dealers. */
export async function newDealer(db: DataSource, label: string): Promise<TestDealer> {
  const dealerId = `e2e-${label}-${randomBytes(4).toString('hex')}`;
  const apiKey = newApiKey('dk');
  await registerDealer(db, { dealerId, name: `E2E ${label}`, apiKey });
  return { dealerId, apiKey, auth: { Authorization: `Bearer ${apiKey}` } };
}

/** A valid 19-digit ICCID no other test uses. */
export function newIccid(): string {
  const payload = `8901${String(Math.floor(Math.random() * 1e14)).padStart(14, '0')}`;
  return payload + luhnCheckDigit(payload);
}

/** A fresh ICCID whose last digit is anything but its check digit. */
export function iccidWithWrongCheckDigit(): string {
  const valid = newIccid();
  return valid.slice(0, -1) + String((Number(valid.slice(-1)) + 3) % 10);
}

export function activationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iccid: newIccid(),
    msisdn: '+14155550123',
    planCode: 'UNL-5G-30',
    serviceAddress: {
      line1: '500 Howard St',
      line2: 'Apt 4B',
      city: 'San Francisco',
      stateOrProvince: 'CA',
      postalCode: '94105',
      countryCode: 'US',
    },
    dealerReference: `RCPT-${randomUUID().slice(0, 8)}`,
    ...overrides,
  };
}

/**
 * What the gateway wrote about an ICCID: saga rows and outbox rows (published or not). Events are
 * keyed by subscriber id, so outbox rows are found by the ICCID in their Avro value, where a string
 * is its UTF-8 bytes after a length prefix.
 */
export async function writesFor(
  db: DataSource,
  iccid: string,
): Promise<{ activations: number; outbox: number }> {
  const [row] = await db.query<{ activations: string; outbox: string }[]>(
    `SELECT (SELECT count(*) FROM activations WHERE iccid = $1) AS activations,
            (SELECT count(*) FROM outbox WHERE position(convert_to($1, 'UTF8') IN payload) > 0) AS outbox`,
    [iccid],
  );
  return { activations: Number(row?.activations), outbox: Number(row?.outbox) };
}

const ROOT = resolve(__dirname, '../../..');

/** Runs the dealer admin CLI the way an operator does, against the devstack's database. */
export function runDealersCli(args: string[]): Promise<{ code: number; output: string }> {
  const cli = ['-r', '@swc-node/register', 'apps/gateway/src/dealers.cli.ts', ...args];
  return new Promise((done) => {
    execFile(process.execPath, cli, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}
