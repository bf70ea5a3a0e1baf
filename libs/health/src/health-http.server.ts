import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { answerHealthOrMetrics } from './health-routes';
import { Readiness } from './readiness';

export const HEALTH_HTTP_OPTIONS = Symbol('HEALTH_HTTP_OPTIONS');

/** Where a consumer service with no HTTP port of its own serves its health endpoints. */
export interface HealthHttpOptions {
  port: number;
  host: string;
}

/** A small HTTP port serving only the health endpoints and `/metrics`, open while the service runs. */
export class HealthHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: Server;
  private bound: number | undefined;

  constructor(
    @Inject(Readiness) readiness: Readiness,
    @Inject(HEALTH_HTTP_OPTIONS) private readonly options: HealthHttpOptions,
  ) {
    this.server = createServer((request, response) => {
      answerHealthOrMetrics(readiness, request, response).then(
        (answered) => answered || response.writeHead(404).end(),
        () => response.writeHead(500).end(),
      );
    });
  }

  /** The port actually bound (0 in the options asks the system for a free one). */
  get port(): number | undefined {
    return this.bound;
  }

  onApplicationBootstrap(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.bound = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  onApplicationShutdown(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
