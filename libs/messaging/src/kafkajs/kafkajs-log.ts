import { logLevel, type logCreator } from 'kafkajs';
import type { RunnerLog } from '../consumer/runner-log';

/**
 * kafkajs's own logs (broker connection errors, rebalances, crashes) written through the
 * service's logger instead of kafkajs's console logger, so they are JSON lines with its name.
 * Debug and info are left out: kafkajs is chatty there and says nothing an operator acts on.
 */
export function kafkajsLogCreator(log: RunnerLog): logCreator {
  return () =>
    ({ namespace, level, log: entry }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
      const line = namespace ? { ...fields, kafkajs: namespace } : fields;
      if (level === logLevel.ERROR) log.error(line, `kafkajs: ${message}`);
      else if (level === logLevel.WARN) log.warn(line, `kafkajs: ${message}`);
    };
}
