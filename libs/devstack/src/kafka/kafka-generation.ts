/**
 * What differs between the Kafka lines the devstack runs. 3.9 logs through reload4j (log4j 1.x
 * properties) and keeps a static controller quorum; 4.x logs through log4j2, and its storage tool
 * formats a dynamic quorum's first controller with `--standalone`, as Kafka 4's own quickstart does.
 */
export interface KafkaGeneration {
  major: 3 | 4;
  /** The Maven profile in `libs/devstack/kafka/pom.xml` that adds the matching SLF4J binding. */
  mavenProfile: 'kafka3' | 'kafka4';
  logging: 'log4j1' | 'log4j2';
  quorum: 'static' | 'dynamic';
}

export function kafkaGeneration(version: string): KafkaGeneration {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (major === 3) return { major, mavenProfile: 'kafka3', logging: 'log4j1', quorum: 'static' };
  if (major === 4) return { major, mavenProfile: 'kafka4', logging: 'log4j2', quorum: 'dynamic' };
  throw new Error(`Kafka ${version}: the devstack knows how to run the 3.x and 4.x lines only`);
}
