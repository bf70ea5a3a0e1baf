import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { DevstackRegistryConfig } from '@handoff/config';
import { DevstackError } from '../devstack.error';

/** Apicurio Registry 3.x is built for Java 21. */
export const REGISTRY_MIN_JAVA = 21;

/** Where JDKs are installed side by side: Debian/Ubuntu packages and Temurin's, then macOS. */
export const JDK_ROOTS = ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines'];

export interface JavaRuntime {
  home: string;
  java: string;
  major: number;
}

/**
 * The JDK the registry runs with: HANDOFF_REGISTRY_JAVA_HOME (which must be 21+), else JAVA_HOME
 * when it is 21+, else the newest 21+ JDK under the usual install roots. The machine's default
 * `java` may well be 17 (the broker's), so the PATH is not searched.
 */
export function resolveRegistryJava(
  config: Pick<DevstackRegistryConfig, 'javaHome' | 'defaultJavaHome'>,
  roots: readonly string[] = JDK_ROOTS,
): JavaRuntime {
  if (config.javaHome) {
    const chosen = javaRuntimeAt(config.javaHome);
    if (chosen && chosen.major >= REGISTRY_MIN_JAVA) return chosen;
    throw new DevstackError(
      'DEVSTACK.REGISTRY_JAVA_TOO_OLD',
      `HANDOFF_REGISTRY_JAVA_HOME=${config.javaHome} is not a JDK ${REGISTRY_MIN_JAVA} or later ` +
        `(${chosen ? `found Java ${chosen.major}` : 'no bin/java and release file there'})`,
    );
  }
  const candidates = [
    config.defaultJavaHome,
    ...roots.flatMap((root) => jdkHomesUnder(root)),
  ].flatMap((home) => (home ? [javaRuntimeAt(home)] : []));
  const usable = candidates.filter((c): c is JavaRuntime => !!c && c.major >= REGISTRY_MIN_JAVA);
  if (usable.length > 0) return usable.sort((a, b) => b.major - a.major)[0];
  throw new DevstackError(
    'DEVSTACK.REGISTRY_NO_JAVA',
    `Apicurio Registry needs Java ${REGISTRY_MIN_JAVA} or later, and none was found (looked at JAVA_HOME ` +
      `and under ${roots.join(', ')}). Install a JDK ${REGISTRY_MIN_JAVA}+ (e.g. Temurin) or point ` +
      'HANDOFF_REGISTRY_JAVA_HOME at one.',
  );
}

/** The JDK at `home`, read from its `release` file; undefined when it is not one. */
export function javaRuntimeAt(home: string): JavaRuntime | undefined {
  const java = join(home, 'bin', 'java');
  const release = join(home, 'release');
  if (!existsSync(java) || !existsSync(release)) return undefined;
  const version = /^JAVA_VERSION="([^"]+)"/m.exec(readFileSync(release, 'utf8'))?.[1];
  const major = version ? javaMajor(version) : undefined;
  return major === undefined ? undefined : { home, java, major };
}

/** `25.0.3` → 25, `17` → 17, `1.8.0_402` → 8. */
export function javaMajor(version: string): number | undefined {
  const [first, second] = version.split(/[.+_-]/).map(Number);
  const major = first === 1 ? second : first;
  return Number.isInteger(major) ? major : undefined;
}

function jdkHomesUnder(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  const homes = entries.flatMap((name) => {
    const dir = join(root, name);
    // macOS bundles keep the JDK in Contents/Home.
    return [dir, join(dir, 'Contents', 'Home')].filter((home) => existsSync(join(home, 'release')));
  });
  // Debian links several names to one JDK.
  return [...new Set(homes.map((home) => realpathSync(home)))].sort();
}
