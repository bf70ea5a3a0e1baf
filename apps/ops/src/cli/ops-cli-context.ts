import type { DataSource } from 'typeorm';
import { ActivationRedriver } from '@handoff/activation-saga';
import { loadInfraConfig, loadServiceConfig } from '@handoff/config';
import { loadLocalRegistry } from '@handoff/contracts';
import { DeadLetterOps } from '@handoff/dead-letters';
import { Backbone } from '@handoff/messaging';
import { ownershipLookup } from '@handoff/messaging-nest';
import { createLogger, handoffTracer } from '@handoff/observability';
import { loadOwnershipMatrix, type OwnershipMatrix } from '@handoff/ownership';
import { createDataSource } from '@handoff/persistence';
import {
  activationRedriver,
  OPS_SERVICE,
  opsConsumes,
  opsDiscardGuard,
  opsProduces,
} from '../ops-integrations';
import { REPLAY_VENDOR_CALLS } from '../replay-vendor-calls';

export interface CliContext {
  ops: DeadLetterOps;
  redriver: ActivationRedriver;
  dataSource: DataSource;
  ownership: OwnershipMatrix;
  /** Waits for this run's ops events to leave the outbox (after a replay or discard). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The CLI talks to Kafka and PostgreSQL itself, through the same lib as the API, checked against
 * the ownership matrix like any service. Its own logs go to stderr so stdout stays parseable.
 */
export async function openCliContext(): Promise<CliContext> {
  const infra = loadInfraConfig();
  const ownership = loadOwnershipMatrix();
  ownership.assertOwned({ service: OPS_SERVICE, consumes: opsConsumes(), produces: opsProduces() });
  const dataSource = await createDataSource(infra.databaseUrl).initialize();
  const log = createLogger(
    { name: 'ops-cli', level: loadServiceConfig().logLevel },
    process.stderr,
  );
  const backbone = new Backbone({
    service: `handoff/${OPS_SERVICE}`,
    kafka: infra.kafka,
    dataSource,
    schemas: loadLocalRegistry(),
    ownership: ownershipLookup(ownership),
    tracer: handoffTracer(),
    log: {
      info: (fields, message) => log.info(fields, message),
      warn: (fields, message) => log.warn(fields, message),
      error: (fields, message) => log.error(fields, message),
    },
  });
  const ops = new DeadLetterOps({
    backbone,
    dataSource,
    ownership,
    vendorCalls: REPLAY_VENDOR_CALLS,
    refuseDiscard: opsDiscardGuard(),
  });
  return {
    ops,
    redriver: activationRedriver(backbone, dataSource, ownership),
    dataSource,
    ownership,
    flush: async () => {
      if (!(await ops.flushOpsEvents())) {
        log.warn({}, 'ops events still in the outbox; the next relay that runs publishes them');
      }
    },
    close: async () => {
      await backbone.close();
      await dataSource.destroy();
    },
  };
}
