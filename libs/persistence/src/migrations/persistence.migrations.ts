import { MessagingBackbone1795617000000 } from './1795617000000-messaging-backbone.migration';
import { OutboxRelayAfter1795620000000 } from './1795620000000-outbox-relay-after.migration';
import { ActivationSaga1795630000000 } from './1795630000000-activation-saga.migration';
import { SubscriberKeys1795640000000 } from './1795640000000-subscriber-keys.migration';
import { DeadLetterUids1795650000000 } from './1795650000000-dead-letter-uids.migration';
import { PortInSecrets1795660000000 } from './1795660000000-port-in-secrets.migration';
import { ActivationMoney1795670000000 } from './1795670000000-activation-money.migration';
import { AuthorizationRenewal1795683000000 } from './1795683000000-authorization-renewal.migration';
import { Dunning1795690000000 } from './1795690000000-dunning.migration';
import { PaymentRequests1795694000000 } from './1795694000000-payment-requests.migration';
import { LineLifecycle1795700000000 } from './1795700000000-line-lifecycle.migration';
import { PortInPending1795705400000 } from './1795705400000-port-in-pending.migration';
import { DealerPlanChanges1795712300000 } from './1795712300000-dealer-plan-changes.migration';
import { MnoPolls1795721000000 } from './1795721000000-mno-polls.migration';
import { SimInventory1795726000000 } from './1795726000000-sim-inventory.migration';
import { AuditLedgerPartitions1796302400000 } from './1796302400000-audit-ledger-partitions.migration';
import { KpiColumns1796302500000 } from './1796302500000-kpi-columns.migration';
import { UsageIngestion1796302600000 } from './1796302600000-usage-ingestion.migration';
import { OperationalTruth1796302700000 } from './1796302700000-operational-truth.migration';
import { UsageReconciliation1796302800000 } from './1796302800000-usage-reconciliation.migration';
import { UncoveredFailures1796302920000 } from './1796302920000-uncovered-failures.migration';
import { AuditLedgerSubjectRef1796303100000 } from './1796303100000-audit-ledger-subject-ref.migration';
import { CareLookupIndexes1796303200000 } from './1796303200000-care-lookup-indexes.migration';

/** Every migration of this lib, oldest first. */
export const PERSISTENCE_MIGRATIONS = [
  MessagingBackbone1795617000000,
  OutboxRelayAfter1795620000000,
  ActivationSaga1795630000000,
  SubscriberKeys1795640000000,
  DeadLetterUids1795650000000,
  PortInSecrets1795660000000,
  ActivationMoney1795670000000,
  AuthorizationRenewal1795683000000,
  Dunning1795690000000,
  PaymentRequests1795694000000,
  LineLifecycle1795700000000,
  PortInPending1795705400000,
  DealerPlanChanges1795712300000,
  MnoPolls1795721000000,
  SimInventory1795726000000,
  AuditLedgerPartitions1796302400000,
  KpiColumns1796302500000,
  UsageIngestion1796302600000,
  OperationalTruth1796302700000,
  UsageReconciliation1796302800000,
  UncoveredFailures1796302920000,
  AuditLedgerSubjectRef1796303100000,
  CareLookupIndexes1796303200000,
];
