import { loadInfraConfig } from './infra.config';

describe('loadInfraConfig: the devstack broker version', () => {
  it('runs Kafka 4.1.1 by default', () => {
    expect(loadInfraConfig({}).kafkaVersion).toBe('4.1.1');
  });

  it.each(['3.9.1', '3.9.0', '4.1.1', '4.1.0'])('runs Kafka %s when asked', (version) => {
    expect(loadInfraConfig({ HANDOFF_KAFKA_VERSION: version }).kafkaVersion).toBe(version);
  });

  it.each(['3.8.1', '4.0.0', '4.2.0', '2.8.2', 'latest'])(
    'refuses Kafka %s, naming the variable and the lines it accepts',
    (version) => {
      expect(() => loadInfraConfig({ HANDOFF_KAFKA_VERSION: version })).toThrow(
        'HANDOFF_KAFKA_VERSION: must be a 3.9.x or 4.1.x release',
      );
    },
  );
});
