import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { javaMajor, resolveRegistryJava } from './java-runtime.resolver';

describe('resolveRegistryJava', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'jvm-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function jdk(name: string, version: string): string {
    const home = join(root, name);
    mkdirSync(join(home, 'bin'), { recursive: true });
    writeFileSync(join(home, 'bin', 'java'), '');
    writeFileSync(join(home, 'release'), `IMPLEMENTOR="Test"\nJAVA_VERSION="${version}"\n`);
    return home;
  }

  it('picks the newest JDK 21+ under the install roots, passing over older ones', () => {
    jdk('java-17-openjdk-amd64', '17.0.15');
    jdk('java-21-openjdk-amd64', '21.0.5');
    const newest = jdk('temurin-25-jdk-amd64', '25.0.3');
    expect(
      resolveRegistryJava({ javaHome: undefined, defaultJavaHome: undefined }, [root]),
    ).toEqual({
      home: newest,
      java: join(newest, 'bin', 'java'),
      major: 25,
    });
  });

  it('prefers HANDOFF_REGISTRY_JAVA_HOME, and refuses one that is too old', () => {
    jdk('temurin-25', '25.0.3');
    const chosen = jdk('jdk-21', '21.0.1');
    const old = jdk('jdk-17', '17.0.2');
    expect(resolveRegistryJava({ javaHome: chosen, defaultJavaHome: undefined }, [root]).home).toBe(
      chosen,
    );
    expect(() =>
      resolveRegistryJava({ javaHome: old, defaultJavaHome: undefined }, [root]),
    ).toThrow(/HANDOFF_REGISTRY_JAVA_HOME=.*jdk-17 is not a JDK 21 or later \(found Java 17\)/);
  });

  it('says what to do when there is no JDK 21+', () => {
    const java17 = jdk('java-17', '17.0.15');
    expect(() =>
      resolveRegistryJava({ javaHome: undefined, defaultJavaHome: java17 }, [root]),
    ).toThrow(/needs Java 21 or later, and none was found.*HANDOFF_REGISTRY_JAVA_HOME/s);
  });

  it('reads old and new version strings', () => {
    expect(javaMajor('25.0.3')).toBe(25);
    expect(javaMajor('1.8.0_402')).toBe(8);
    expect(javaMajor('21')).toBe(21);
  });
});
