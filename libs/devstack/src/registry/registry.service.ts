import { mkdirSync, rmSync } from 'node:fs';
import type { DevstackRegistryConfig } from '@handoff/config';
import type { ComponentStatus } from '../component.status';
import { launchDetached } from '../process/process.launcher';
import { livePidFromFile, stopProcess } from '../process/process.control';
import type { ProgressReporter } from '../progress.reporter';
import { waitUntilReady } from '../readiness.wait';
import { ensureApicurioDistribution } from './apicurio-distribution.installer';
import { apicurioJvmArgs } from './apicurio-jvm.args';
import { resolveRegistryJava } from './java-runtime.resolver';
import { isRegistryReady, probeRegistry, registrySubjects } from './registry.probe';
import type { RegistryPaths } from './registry.paths';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

/** The registry we started is the java process whose command line names our quarkus-run.jar. */
const ourRegistry = (paths: RegistryPaths) => livePidFromFile(paths.pidFile, paths.runJar);

/** Starts the devstack's own Apicurio Registry unless it already runs; returns once it answers. */
export async function startRegistry(
  config: DevstackRegistryConfig,
  paths: RegistryPaths,
  report: ProgressReporter,
): Promise<void> {
  const hint = `see ${paths.log}`;
  const pid = ourRegistry(paths);
  if (pid !== undefined) {
    await waitUntilReady({
      what: `Apicurio Registry (pid ${pid})`,
      timeoutMs: READY_TIMEOUT_MS,
      probe: () => probeRegistry(config.url),
      hint,
    });
    report.step('registry', `already running (pid ${pid}) at ${config.url}`);
    return;
  }
  if (await isRegistryReady(config.url)) {
    report.step(
      'registry',
      `a registry not started by the devstack answers at ${config.url}; using it`,
    );
    return;
  }
  const java = resolveRegistryJava(config);
  await ensureApicurioDistribution(paths, report);
  mkdirSync(paths.dataDir, { recursive: true });
  report.step('registry', `starting Apicurio Registry (Java ${java.major}) at ${config.url}...`);
  const registry = await launchDetached(
    { command: java.java, args: apicurioJvmArgs(config, paths), logFile: paths.log },
    paths.pidFile,
  );
  await waitUntilReady({
    what: `Apicurio Registry (pid ${registry.pid})`,
    timeoutMs: READY_TIMEOUT_MS,
    probe: () => probeRegistry(config.url),
    stillStarting: () => !registry.hasExited(),
    hint,
  });
  report.step('registry', `ready (pid ${registry.pid})`);
}

/** Checks that the registry named by SCHEMA_REGISTRY_URL answers; starts nothing. */
export async function checkExternalRegistry(
  config: DevstackRegistryConfig,
  report: ProgressReporter,
): Promise<void> {
  report.step('registry', `SCHEMA_REGISTRY_URL is set: checking ${config.url}...`);
  await waitUntilReady({
    what: `the schema registry at ${config.url}`,
    timeoutMs: 15_000,
    probe: () => probeRegistry(config.url),
    hint: 'check SCHEMA_REGISTRY_URL (the Confluent-compatible API), or unset it',
  });
  report.step('registry', `reachable at ${config.url}`);
}

/** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after the grace period. */
export async function stopRegistry(paths: RegistryPaths, report: ProgressReporter): Promise<void> {
  const pid = ourRegistry(paths);
  if (pid === undefined) {
    report.step('registry', 'not running');
  } else {
    report.step('registry', `stopping (pid ${pid})...`);
    const how = await stopProcess(pid, { graceMs: STOP_GRACE_MS });
    report.step(
      'registry',
      how === 'stopped' ? 'stopped' : `did not stop within ${STOP_GRACE_MS / 1000} s; killed`,
    );
  }
  rmSync(paths.pidFile, { force: true });
}

export async function registryStatus(
  config: DevstackRegistryConfig,
  paths: RegistryPaths,
): Promise<ComponentStatus> {
  const pid = config.mode === 'external' ? undefined : ourRegistry(paths);
  const off = config.mode === 'off' && pid === undefined;
  const base = {
    component: 'registry' as const,
    mode: off
      ? ('off' as const)
      : config.mode === 'external'
        ? ('external' as const)
        : ('own' as const),
    pid,
    endpoint: config.url,
    logFile: config.mode === 'external' ? undefined : paths.log,
  };
  if (off) {
    return { ...base, ready: false, detail: 'off (`npm run infra:up -- --registry` starts it)' };
  }
  try {
    const subjects = await registrySubjects(config.url);
    return { ...base, ready: true, detail: `${subjects.length} subject(s)` };
  } catch (error) {
    const why = pid === undefined ? 'not running' : `pid ${pid} runs but does not answer`;
    return { ...base, ready: false, detail: `${why} (${(error as Error).message})` };
  }
}
