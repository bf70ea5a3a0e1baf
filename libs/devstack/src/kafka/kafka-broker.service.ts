import { rmSync } from 'node:fs';
import type { InfraConfig } from '@handoff/config';
import type { ComponentStatus } from '../component.status';
import { DevstackError } from '../devstack.error';
import type { DevstackPaths } from '../devstack.paths';
import { launchDetached } from '../process/process.launcher';
import { livePidFromFile, processCommandLine, stopProcess } from '../process/process.control';
import type { ProgressReporter } from '../progress.reporter';
import { waitUntilReady } from '../readiness.wait';
import { writeKafkaConfig } from './kafka-config.writer';
import { ensureKafkaJars } from './kafka-jars.installer';
import { kafkaJvmArgs } from './kafka-jvm.args';
import { describeKafka, isKafkaReady, probeKafka } from './kafka.probe';
import { ensureKafkaStorage } from './kafka-storage.formatter';
import { ensureKafkaTls } from './kafka-tls.generator';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 30_000;

/** The broker we started is the java process whose command line names our server.properties. */
const ourBroker = (paths: DevstackPaths) =>
  livePidFromFile(paths.kafkaPidFile, paths.kafkaServerProperties);

/** A broker the devstack started, of whatever version (HANDOFF_KAFKA_VERSION may have changed). */
const anyDevstackBroker = (paths: DevstackPaths) =>
  livePidFromFile(paths.kafkaPidFile, paths.kafkaCommandMarker);

/** Version and mode in a running broker's command line (`.../kafka-<version>/config/server[-sasl-ssl].properties`). */
function runningVersion(pid: number): string {
  const match = /kafka-([^/\s]+)[/\\]config[/\\]server(-sasl-ssl)?\.properties/.exec(
    processCommandLine(pid) ?? '',
  );
  if (!match) return 'of an earlier devstack';
  return `${match[1]}${match[2] ? ' (SASL_SSL)' : ''}`;
}

const describeMode = (config: InfraConfig) =>
  `Kafka ${config.kafkaVersion}${config.kafkaSecurity === 'sasl_ssl' ? ' (SASL_SSL)' : ''}`;

/** Starts the devstack's own broker unless it already runs; returns once it answers. */
export async function startKafka(
  config: InfraConfig,
  paths: DevstackPaths,
  report: ProgressReporter,
): Promise<void> {
  const { kafka } = config;
  const brokers = kafka.brokers;
  const hint = `see ${paths.kafkaLog} and ${paths.kafkaConsoleLog}`;
  const pid = ourBroker(paths);
  if (pid !== undefined) {
    if (!(await isKafkaReady(kafka))) {
      report.step('kafka', `broker (pid ${pid}) is still starting, waiting...`);
      await waitUntilReady({
        what: `Kafka (pid ${pid})`,
        timeoutMs: READY_TIMEOUT_MS,
        probe: () => probeKafka(kafka),
        hint,
      });
    }
    report.step('kafka', `already running (pid ${pid}) on ${brokers.join(',')}`);
    return;
  }
  const other = anyDevstackBroker(paths);
  if (other !== undefined) {
    throw new DevstackError(
      'DEVSTACK.KAFKA_OTHER_VERSION',
      `the devstack's Kafka ${runningVersion(other)} runs (pid ${other}) on ${brokers.join(',')}; ` +
        `stop it with \`npm run infra:down\` to run ${describeMode(config)}`,
    );
  }
  if (await isKafkaReady(kafka)) {
    report.step(
      'kafka',
      `a broker not started by the devstack already answers on ${brokers.join(',')}; using it`,
    );
    return;
  }
  await ensureKafkaJars(config, paths, report);
  if (config.kafkaSecurity === 'sasl_ssl') await ensureKafkaTls(paths, report);
  writeKafkaConfig(config, paths);
  await ensureKafkaStorage(config, paths, report);
  report.step('kafka', `starting ${describeMode(config)} (KRaft) on ${brokers.join(',')}...`);
  const broker = await launchDetached(
    {
      command: 'java',
      args: [
        ...kafkaJvmArgs(paths, config.kafkaVersion, config.kafkaHeapMax),
        'kafka.Kafka',
        paths.kafkaServerProperties,
      ],
      logFile: paths.kafkaConsoleLog,
    },
    paths.kafkaPidFile,
  );
  await waitUntilReady({
    what: `Kafka (pid ${broker.pid})`,
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 1_000,
    probe: () => probeKafka(kafka),
    stillStarting: () => !broker.hasExited(),
    hint,
  });
  report.step('kafka', `ready (pid ${broker.pid})`);
}

/** Checks that the cluster named by KAFKA_BROKERS answers; starts nothing. */
export async function checkExternalKafka(
  config: InfraConfig,
  report: ProgressReporter,
): Promise<void> {
  const brokers = config.kafka.brokers.join(',');
  report.step('kafka', `KAFKA_BROKERS is set: checking ${brokers}...`);
  await waitUntilReady({
    what: `Kafka at ${brokers}`,
    timeoutMs: 15_000,
    probe: () => probeKafka(config.kafka),
    hint: 'check KAFKA_BROKERS and KAFKA_SECURITY_PROTOCOL (with its KAFKA_SSL_* and KAFKA_SASL_* settings), or unset KAFKA_BROKERS to let the devstack run its own broker',
  });
  report.step('kafka', `reachable at ${brokers}`);
}

/** SIGTERM (a controlled shutdown), then SIGKILL after the grace period. Harmless when nothing runs. */
export async function stopKafka(paths: DevstackPaths, report: ProgressReporter): Promise<void> {
  const pid = anyDevstackBroker(paths);
  if (pid === undefined) {
    report.step('kafka', 'not running');
  } else {
    report.step('kafka', `stopping (pid ${pid})...`);
    const how = await stopProcess(pid, { graceMs: STOP_GRACE_MS });
    report.step(
      'kafka',
      how === 'stopped' ? 'stopped' : `did not stop within ${STOP_GRACE_MS / 1000} s; killed`,
    );
  }
  rmSync(paths.kafkaPidFile, { force: true });
}

export async function kafkaStatus(
  config: InfraConfig,
  paths: DevstackPaths,
): Promise<ComponentStatus> {
  const endpoint = config.kafka.brokers.join(',');
  const pid = config.ownKafka ? anyDevstackBroker(paths) : undefined;
  const base = {
    component: 'kafka' as const,
    mode: config.ownKafka ? ('own' as const) : ('external' as const),
    pid,
    endpoint,
    logFile: config.ownKafka ? paths.kafkaLog : undefined,
  };
  try {
    const cluster = await describeKafka(config.kafka);
    return {
      ...base,
      ready: true,
      detail:
        (pid === undefined ? '' : `Kafka ${runningVersion(pid)}, `) +
        `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s)`,
    };
  } catch (error) {
    const why = pid === undefined ? 'not running' : `pid ${pid} runs but does not answer`;
    return { ...base, ready: false, detail: `${why} (${(error as Error).message})` };
  }
}
