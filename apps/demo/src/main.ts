import 'reflect-metadata';
import { registerDealer, registerOperator, newApiKey } from '@handoff/access';
import { loadInfraConfig } from '@handoff/config';
import { loadLocalRegistry } from '@handoff/contracts';
import { Backbone } from '@handoff/messaging';
import { ownershipLookup } from '@handoff/messaging-nest';
import { handoffTracer } from '@handoff/observability';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { BssInbox } from './demo-bss-inbox';
import { cardDataScene } from './demo-card-data-scene';
import type { DemoContext } from './demo-context';
import { captureFailureScene, processorOutageScene } from './demo-money-scenes';
import { paymentsScene } from './demo-payments-scene';
import { portsScene } from './demo-ports-scene';
import { lifecycleScene } from './demo-lifecycle-scene';
import { simInventoryScene } from './demo-sim-inventory-scene';
import { scorecardProblems } from './demo-mno-breach';
import { printOpsReports } from './demo-ops-reports';
import { printSummary, verdictProblems } from './demo-report';
import { healthyPhase, outagePhase, replayPhase } from './demo-scenario';
import { startStack, stopStack } from './demo-stack';
import { uncoveredJurisdictionScene } from './demo-tax-hold-scene';
import { usageScene } from './demo-usage-scene';
import { loadDemoConfig } from './demo.config';
import { DealerClient } from './demo-traffic';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The demo plays the BSS: it publishes lifecycle events to Kafka like the real one would. */
function bssPublisher(db: DataSource): Backbone {
  return new Backbone({
    service: 'bss/demo',
    kafka: loadInfraConfig().kafka,
    dataSource: db,
    schemas: loadLocalRegistry(),
    ownership: ownershipLookup(loadOwnershipMatrix()),
    producesAt: 'bss-to-handoff',
    tracer: handoffTracer(),
    log: quiet,
  });
}

async function seedPeople(db: DataSource, stamp: number) {
  const dealers = [
    { dealerId: `demo-dealer-north-${stamp}`, name: 'North Mall Mobile', apiKey: newApiKey('dk') },
    {
      dealerId: `demo-dealer-south-${stamp}`,
      name: 'South Street Phones',
      apiKey: newApiKey('dk'),
    },
  ];
  for (const dealer of dealers) await registerDealer(db, dealer);
  const operator = { operatorId: `demo-oncall-${stamp}`, apiKey: newApiKey('ok') };
  await registerOperator(db, { ...operator, name: 'Demo on-call', roles: ['ops'] });
  return { dealers, operator };
}

/** The ops runbook needs a key; on this local stack, the demo's on-call operator's is the one to use. */
function printOperatorKey(
  say: (line: string) => void,
  operator: { operatorId: string; apiKey: string },
): void {
  say('');
  say(`Ops key of the demo's on-call operator ${operator.operatorId} (role ops; shown once):`);
  say(`   ${operator.apiKey}`);
  say(`   try: HANDOFF_OPERATOR_KEY=${operator.apiKey} npm run ops -- dead-letters list`);
}

/** The integration map, live while the scenes run; the key rides in the fragment, never sent. */
function printMapUrl(say: (line: string) => void, opsUrl: string, operatorKey: string): void {
  say(`Integration map, live while the demo runs (open it in a browser):`);
  say(`   ${opsUrl}/map#key=${operatorKey}`);
}

/**
 * The scenes, in order; each waits for its own activations to settle before the next stages its
 * faults. A new scene is one function of the context added here.
 */
const SCENES: readonly ((ctx: DemoContext) => Promise<void>)[] = [
  // First: every later activation is of a SIM from the batch it imports.
  simInventoryScene,
  healthyPhase,
  outagePhase,
  replayPhase,
  processorOutageScene,
  captureFailureScene,
  uncoveredJurisdictionScene,
  cardDataScene,
  paymentsScene,
  lifecycleScene,
  portsScene,
  usageScene,
];

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const config = loadDemoConfig();
  say(
    'Handoff demo: dealer and BSS activations, taxed and paid, through MNO and payment processor outages (real Kafka, PostgreSQL, HTTP)',
  );
  say(
    '   starting vendor simulators (MNO, tax engine, payment processor), orchestrator, payments service, audit ledger, gateway and ops API as their own processes...',
  );
  const services = await startStack(config);
  const db = await createDataSource(loadInfraConfig().databaseUrl).initialize();
  const bss = bssPublisher(db);
  const startedAt = new Date();
  const inbox = new BssInbox(bss, startedAt);
  let problems: string[] = [];
  try {
    await inbox.start();
    const people = await seedPeople(db, startedAt.getTime());
    const gatewayUrl = `http://127.0.0.1:${config.gatewayPort}`;
    const ctx: DemoContext = {
      gatewayUrl,
      opsUrl: `http://127.0.0.1:${config.opsPort}`,
      mnoUrl: `http://127.0.0.1:${config.mnoPort}`,
      taxUrl: `http://127.0.0.1:${config.taxPort}`,
      paymentUrl: `http://127.0.0.1:${config.paymentPort}`,
      operatorKey: people.operator.apiKey,
      dealers: people.dealers.map(
        (d, i) => new DealerClient(gatewayUrl, d.apiKey, d.dealerId, i + 1),
      ),
      bss,
      inbox,
      db,
      startedAt,
      mapScreenshotPath: config.mapScreenshotPath,
      tracked: [],
      refusedAtGateway: [],
      replays: [],
      redrives: [],
      say,
    };
    say(
      `   2 dealers and 1 on-call operator registered (API keys stored hashed); logs in ${loadInfraConfig().cacheDir}/logs/demo-*.log`,
    );
    printMapUrl(say, ctx.opsUrl, ctx.operatorKey);
    for (const scene of SCENES) await scene(ctx);
    const verdict = await printSummary(ctx);
    await printOpsReports(ctx);
    printOperatorKey(say, people.operator);
    problems = [...verdictProblems(verdict), ...(await scorecardProblems(ctx))];
  } finally {
    await inbox.stop();
    await bss.close();
    await db.destroy();
    const unclean = await stopStack(services);
    say(
      unclean.length === 0
        ? 'All services stopped cleanly on SIGTERM (in-flight work finished and committed).'
        : `Services that did not stop cleanly: ${unclean.join(', ')}`,
    );
    if (unclean.length > 0) problems.push('a service did not stop cleanly');
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
