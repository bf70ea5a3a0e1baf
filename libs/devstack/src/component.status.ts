/** What `infra:status` and `infra:up` say about one component. */
export interface ComponentStatus {
  component: 'kafka' | 'postgres' | 'registry';
  /**
   * `own`: the devstack runs it; `external`: given by KAFKA_BROKERS / DATABASE_URL /
   * SCHEMA_REGISTRY_URL; `off`: not wanted (the schema registry is started on request only).
   */
  mode: 'own' | 'external' | 'off';
  ready: boolean;
  pid?: number;
  /** Where to connect: broker list or URL with the password hidden. */
  endpoint: string;
  logFile?: string;
  detail: string;
}
