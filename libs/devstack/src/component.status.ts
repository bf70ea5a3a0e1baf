/** What `infra:status` and `infra:up` say about one component. */
export interface ComponentStatus {
  component: 'kafka' | 'postgres';
  /** `own`: the devstack runs it; `external`: given by KAFKA_BROKERS / DATABASE_URL. */
  mode: 'own' | 'external';
  ready: boolean;
  pid?: number;
  /** Where to connect: broker list or URL with the password hidden. */
  endpoint: string;
  logFile?: string;
  detail: string;
}
