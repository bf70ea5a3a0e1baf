import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevstackError } from '../devstack.error';
import { runLogged, tailOfFile } from '../process/process.launcher';
import type { ProgressReporter } from '../progress.reporter';
import { APICURIO_ARTIFACT, type RegistryPaths } from './registry.paths';

/**
 * Unpacks Apicurio Registry's distribution from Maven Central into the cache, once per version
 * (`mvn dependency:unpack` needs no project file). A marker written after a complete unpack makes
 * later runs skip Maven entirely.
 */
export async function ensureApicurioDistribution(
  paths: RegistryPaths,
  report: ProgressReporter,
): Promise<void> {
  if (existsSync(paths.marker)) return;
  report.step('registry', `resolving ${APICURIO_ARTIFACT} from Maven Central (first run only)...`);
  rmSync(paths.home, { recursive: true, force: true });
  mkdirSync(paths.home, { recursive: true });
  const exitCode = await runLogged({
    command: 'mvn',
    args: [
      '-q',
      '-B',
      '-Dstyle.color=never',
      'dependency:unpack',
      `-Dartifact=${APICURIO_ARTIFACT}`,
      `-DoutputDirectory=${paths.home}`,
    ],
    cwd: paths.home,
    logFile: paths.mvnLog,
  });
  if (exitCode !== 0 || !existsSync(paths.runJar)) {
    throw new DevstackError(
      'DEVSTACK.REGISTRY_UNRESOLVED',
      `mvn could not unpack ${APICURIO_ARTIFACT} (exit ${exitCode}); see ${paths.mvnLog}\n` +
        tailOfFile(paths.mvnLog),
    );
  }
  // Left behind by the unpack, not part of the distribution: the tar's PAX headers as a folder,
  // and the plugin's markers under a literal `${project.basedir}` (there is no project).
  for (const litter of ['PaxHeaders.X', '${project.basedir}']) {
    rmSync(join(paths.home, litter), { recursive: true, force: true });
  }
  writeFileSync(paths.marker, `${APICURIO_ARTIFACT}\n`);
  report.step('registry', `unpacked into ${paths.home}`);
}
