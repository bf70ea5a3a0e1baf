import type {
  InjectionToken,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';

/** A loop that runs beside a service's consumers: a sweeper, a scheduler, a housekeeping pass. */
export interface BackgroundLoop {
  start(): void;
  /** Resolves once the pass in progress, if any, has finished. */
  stop(): Promise<void>;
}

class LoopLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly loop: BackgroundLoop) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

/**
 * A provider that starts the loop under `token` once the app is up and stops it when the app
 * closes, waiting for its pass in progress, so a SIGTERM never cuts one in half.
 */
export function runWithApp(token: InjectionToken): Provider {
  return {
    provide: Symbol(`runWithApp(${String(token)})`),
    inject: [token],
    useFactory: (loop: BackgroundLoop) => new LoopLifecycle(loop),
  };
}
