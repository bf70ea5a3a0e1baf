import {
  Inject,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  LineRepository,
  MnoHubNotices,
  PortInService,
  PortOutPoll,
  PortOutService,
  SagaCommitter,
  SagaLedger,
} from '@handoff/activation-saga';
import { Readiness } from '@handoff/health';
import { Backbone } from '@handoff/messaging';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import type { MnoProvisioningPort } from '@handoff/mno-provisioning';
import { createLogger, type LogLevel } from '@handoff/observability';
import { PortInSecretStore } from '@handoff/port-in-secrets';
import { SimInventory } from '@handoff/sim-inventory';
import { MnoHubSubscription } from './mno-hub.subscription';
import { MNO_CALLBACK_PATH, OrchestratorHttpServer } from './orchestrator-http.server';
import { PortOutPoller } from './port-out.poller';

export interface PortOptions {
  /** The MNO's TMF641 base URL: its hub is `{mnoBaseUrl}/hub`. */
  mnoBaseUrl: string;
  /** ORCHESTRATOR_PORT (0: any free port) and ORCHESTRATOR_HOST. */
  http: { port: number; host: string };
  /** ORCHESTRATOR_CALLBACK_BASE_URL: how the MNO reaches this port; default the bound address. */
  callbackBaseUrl?: string;
  /** PORT_IN_WAIT_LIMIT_MS: how long a port-in may wait for the donor before it fails. */
  portInWaitLimitMs: number;
  /** MNO_PORT_OUT_POLL_INTERVAL_MS: how often the MNO's ended lines are read (0: never). */
  portOutPollIntervalMs: number;
  actor: string;
  logLevel?: LogLevel;
}

/**
 * Starts the HTTP port, then registers its callback at the hub and starts the port-out poll; undoes
 * all three at shutdown.
 */
class HubLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OrchestratorHttpServer) private readonly server: OrchestratorHttpServer,
    @Inject(MnoHubSubscription) private readonly subscription: MnoHubSubscription,
    @Inject(PortOutPoller) private readonly poller: PortOutPoller,
    private readonly options: PortOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.options.http;
    const bound = await this.server.listen(port, host);
    const base = this.options.callbackBaseUrl ?? `http://${host}:${bound}`;
    await this.subscription.start(`${base.replace(/\/+$/, '')}${MNO_CALLBACK_PATH}`);
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
    await this.subscription.stop();
    await this.server.close();
  }
}

/** Port-in, port-out and the MNO hub's callbacks (docs/lifecycle.md). */
export function portProviders(options: PortOptions, mnoToken: symbol): Provider[] {
  const logger = createLogger({ name: `${options.actor}.mno-hub`, level: options.logLevel });
  return [
    {
      provide: PortInService,
      inject: [SagaCommitter, mnoToken, SagaLedger, PortInSecretStore],
      useFactory: (
        committer: SagaCommitter,
        mno: MnoProvisioningPort,
        ledger: SagaLedger,
        secrets: PortInSecretStore,
      ) =>
        new PortInService(
          new LineRepository(),
          committer,
          mno,
          ledger,
          secrets,
          options.portInWaitLimitMs,
        ),
    },
    {
      provide: PortOutService,
      inject: [SagaCommitter, SagaLedger, SimInventory],
      useFactory: (committer: SagaCommitter, ledger: SagaLedger, sims: SimInventory) =>
        new PortOutService(new LineRepository(), committer, ledger, sims),
    },
    { provide: MnoHubSubscription, useValue: new MnoHubSubscription(options.mnoBaseUrl, logger) },
    {
      provide: MnoHubNotices,
      inject: [HANDOFF_DATA_SOURCE, SagaCommitter, Backbone, SagaLedger],
      useFactory: (
        ds: DataSource,
        committer: SagaCommitter,
        backbone: Backbone,
        ledger: SagaLedger,
      ) =>
        new MnoHubNotices(
          ds,
          new LineRepository(),
          committer,
          backbone,
          `handoff/${options.actor}`,
          ledger.ownerTeam('handoff-to-mno'),
        ),
    },
    {
      provide: OrchestratorHttpServer,
      inject: [MnoHubSubscription, MnoHubNotices, Readiness],
      useFactory: (
        subscription: MnoHubSubscription,
        notices: MnoHubNotices,
        readiness: Readiness,
      ) => new OrchestratorHttpServer(subscription, notices, readiness, logger),
    },
    {
      provide: PortOutPoller,
      inject: [HANDOFF_DATA_SOURCE, mnoToken, MnoHubNotices],
      useFactory: (ds: DataSource, mno: MnoProvisioningPort, notices: MnoHubNotices) =>
        new PortOutPoller(
          new PortOutPoll(ds, new LineRepository(), mno, notices),
          options.portOutPollIntervalMs,
          logger,
        ),
    },
    {
      provide: HubLifecycle,
      inject: [OrchestratorHttpServer, MnoHubSubscription, PortOutPoller],
      useFactory: (
        server: OrchestratorHttpServer,
        subscription: MnoHubSubscription,
        poller: PortOutPoller,
      ) => new HubLifecycle(server, subscription, poller, options),
    },
  ];
}
