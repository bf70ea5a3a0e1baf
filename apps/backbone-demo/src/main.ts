import 'reflect-metadata';
import { ConsumerGroups, Topics, Backbone } from '@handoff/messaging';
import { HANDOFF_DATA_SOURCE, startConsumerService } from '@handoff/messaging-nest';
import type { DataSource } from 'typeorm';
import { runBackboneScenario } from './backbone-scenario';
import { DemoModule } from './demo.module';
import { DemoOutcomes } from './demo-outcomes';

/** The backbone demo: a consumer service and a scenario that exercises every path of the backbone. */
async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('Handoff messaging backbone demo (Kafka + PostgreSQL from the devstack)');
  const app = await startConsumerService(DemoModule, {
    groupId: ConsumerGroups.BackboneDemo,
    topics: [Topics.SubscriberLifecycle],
    // Short delays so the demo shows the retry path in seconds; services default to 1 s, 10 s, 60 s.
    retryDelaysMs: [1_000, 2_000, 4_000],
  });
  try {
    await runBackboneScenario({
      backbone: app.get(Backbone),
      dataSource: app.get<DataSource>(HANDOFF_DATA_SOURCE),
      outcomes: app.get(DemoOutcomes),
      say,
    });
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
