import { SingleBar, Presets } from 'cli-progress';
import type { DataSource } from 'typeorm';
import { CeHeaders, ConsumerGroups, groupTopics, Topics, type Backbone } from '@handoff/messaging';
import type { DemoOutcomes } from './demo-outcomes';
import { DeadLetterWatch } from './dead-letter-watch';
import { scenarioRequests } from './demo-requests';

const REQUESTS = 40;
const DUPLICATES = 5;
/** Flaky-vendor and unknown-ICCID requests, as planned in scenarioRequests. */
const EXPECTED_DEAD_LETTERS = 3;

export interface ScenarioDeps {
  backbone: Backbone;
  dataSource: DataSource;
  outcomes: DemoOutcomes;
  say: (line: string) => void;
}

/** Publishes the scenario, shows progress until every record is settled, and prints the summary. */
export async function runBackboneScenario({
  backbone,
  dataSource,
  outcomes,
  say,
}: ScenarioDeps): Promise<void> {
  const firstSerial = Date.now() % 1_000_000_000;
  const requests = scenarioRequests(REQUESTS, firstSerial).map((r) => ({
    ...r,
    id: r.data.activationId,
  }));
  const garbageKey = `garbage-${firstSerial}`;
  const ids = new Set(requests.map((r) => r.id));
  const watch = new DeadLetterWatch(
    (r) => r.key === garbageKey || ids.has(r.headers[CeHeaders.id] ?? ''),
  );
  await watch.start(backbone, groupTopics(ConsumerGroups.BackboneDemo).deadLetter);

  say(
    `1. ${REQUESTS} activation requests written to the outbox in one transaction; the relay publishes them`,
  );
  await dataSource.transaction((manager) => backbone.writeToOutbox(manager, requests));
  backbone.relay.wake();

  say(`2. ${DUPLICATES} of them delivered again (same event ids), and one garbage record`);
  await backbone.publishNow(requests.slice(0, DUPLICATES));
  await backbone.producer.send([
    {
      topic: Topics.SubscriberLifecycle,
      key: garbageKey,
      value: Buffer.from('{"not":"avro"}'),
      headers: {},
    },
  ]);

  const expectedHandled = REQUESTS - 2;
  const bar = new SingleBar(
    {
      format: '   settled {bar} {value}/{total} | handled {handled} | dead letters {dead}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 1_000,
    },
    Presets.shades_classic,
  );
  bar.start(expectedHandled + EXPECTED_DEAD_LETTERS, 0, { handled: 0, dead: 0 });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const handled = requests.filter((r) => outcomes.handledTimes.has(r.id)).length;
    bar.update(handled + watch.records.length, { handled, dead: watch.records.length });
    if (handled >= expectedHandled && watch.records.length >= EXPECTED_DEAD_LETTERS) break;
    if (Date.now() > deadline) {
      bar.stop();
      throw new Error(
        `scenario did not settle in 120 s: ${handled} handled, ${watch.records.length} dead letters`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  bar.stop();
  await watch.stop();
  printSummary(
    requests.map((r) => r.id),
    outcomes,
    watch,
    say,
  );
}

function printSummary(
  ids: string[],
  outcomes: DemoOutcomes,
  watch: DeadLetterWatch,
  say: (l: string) => void,
): void {
  const handledOnce = ids.filter((id) => outcomes.handledTimes.get(id) === 1).length;
  const handledTwice = ids.filter((id) => (outcomes.handledTimes.get(id) ?? 0) > 1).length;
  const retried = ids.filter(
    (id) => (outcomes.attempts.get(id) ?? 0) > 1 && outcomes.handledTimes.has(id),
  ).length;
  say('');
  say('Summary');
  say(
    `  requests published ............ ${ids.length} (+${DUPLICATES} duplicate deliveries, +1 garbage record)`,
  );
  say(`  handled exactly once .......... ${handledOnce}`);
  say(
    `  handled more than once ........ ${handledTwice} (duplicates absorbed by the inbox: ${DUPLICATES})`,
  );
  say(`  failed, then done via retry ... ${retried}`);
  say(`  dead-lettered ................. ${watch.records.length}`);
  for (const record of watch.records) say(`    - ${watch.describe(record)}`);
  say(
    '  each handled request emitted SubscriberActivated through the outbox (same transaction as its inbox row)',
  );
}
