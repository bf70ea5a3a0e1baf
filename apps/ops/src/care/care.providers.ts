import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CareDiagnostics, loadCareConfig } from '@handoff/care';
import { HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import { loadMnoConfig, MnoProvisioningAxiosAdapter } from '@handoff/mno-provisioning';
import type { OwnershipMatrix } from '@handoff/ownership';

/**
 * Care reads lines through an MNO adapter of its own: its breaker and its calls are care's, so a
 * burst of look-ups never trips the breaker the probes of the watcher go through.
 */
const CARE_MNO = Symbol('CARE_MNO');

@Injectable()
class CareMnoLifecycle implements OnApplicationShutdown {
  constructor(@Inject(CARE_MNO) private readonly mno: MnoProvisioningAxiosAdapter) {}

  onApplicationShutdown(): void {
    this.mno.close();
  }
}

export const CARE_PROVIDERS: Provider[] = [
  {
    provide: CARE_MNO,
    useFactory: () => new MnoProvisioningAxiosAdapter(loadMnoConfig(process.env)),
  },
  CareMnoLifecycle,
  {
    provide: CareDiagnostics,
    inject: [HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX, CARE_MNO],
    // The settings are read here, at start-up: an invalid one stops the API from starting.
    useFactory: (db: DataSource, ownership: OwnershipMatrix, mno: MnoProvisioningAxiosAdapter) =>
      new CareDiagnostics({ db, ownership, mno, settings: loadCareConfig(process.env) }),
  },
];
