import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevstackError } from '../devstack.error';
import type { DevstackPaths } from '../devstack.paths';
import { runLogged, tailOfFile } from '../process/process.launcher';
import type { ProgressReporter } from '../progress.reporter';

/** The broker listens on loopback; clients connect by IP (kafkajs then checks the IP SAN) or name. */
const BROKER_NAMES = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

/**
 * A self-signed CA and a broker certificate it signs, made once with openssl and kept in the cache:
 * clients are given `ca.pem`; the broker reads its key and chain as a PEM keystore (Kafka 2.7+,
 * KIP-651), so no Java keystore and no keystore password are needed.
 */
export async function ensureKafkaTls(
  paths: DevstackPaths,
  report: ProgressReporter,
): Promise<void> {
  if (existsSync(paths.kafkaBrokerKeystore) && existsSync(paths.kafkaCaCert)) return;
  report.step(
    'kafka',
    `creating a CA and a broker certificate in ${paths.kafkaTlsDir} (openssl)...`,
  );
  mkdirSync(paths.kafkaTlsDir, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(paths.kafkaTlsDir, name);
  writeFileSync(file('broker.ext'), `${BROKER_NAMES}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  const steps = [
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '3650',
      '-subj',
      '/CN=Handoff devstack CA',
    ],
    ['-keyout', paths.kafkaCaKey, '-out', paths.kafkaCaCert],
    [
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
  ].flat();
  await openssl(paths, steps);
  await openssl(paths, [
    ...['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost'],
    ...['-keyout', file('broker.key'), '-out', file('broker.csr')],
  ]);
  await openssl(paths, [
    ...[
      'x509',
      '-req',
      '-in',
      file('broker.csr'),
      '-CA',
      paths.kafkaCaCert,
      '-CAkey',
      paths.kafkaCaKey,
    ],
    ...['-set_serial', String(Date.now()), '-days', '825', '-extfile', file('broker.ext')],
    ...['-out', file('broker.pem')],
  ]);
  const chain = ['broker.key', 'broker.pem'].map((n) => readFileSync(file(n), 'utf8'));
  writeFileSync(
    paths.kafkaBrokerKeystore,
    [...chain, readFileSync(paths.kafkaCaCert, 'utf8')].join(''),
    {
      mode: 0o600,
    },
  );
  for (const n of ['broker.csr', 'broker.ext', 'broker.key', 'broker.pem'])
    rmSync(file(n), { force: true });
}

async function openssl(paths: DevstackPaths, args: string[]): Promise<void> {
  const exitCode = await runLogged({
    command: 'openssl',
    args,
    logFile: paths.kafkaConsoleLog,
  }).catch((error: unknown) => {
    throw new DevstackError(
      'DEVSTACK.OPENSSL_MISSING',
      `openssl could not be run (${(error as Error).message}); the SASL_SSL devstack needs it to make its certificates`,
    );
  });
  if (exitCode !== 0) {
    throw new DevstackError(
      'DEVSTACK.KAFKA_TLS_FAILED',
      `openssl ${args[0]} failed (exit ${exitCode}); see ${paths.kafkaConsoleLog}\n${tailOfFile(paths.kafkaConsoleLog)}`,
    );
  }
}
