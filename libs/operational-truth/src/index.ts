export type { Clock } from './clock';
export { systemClock } from './clock';
export { OperationalTruthWatcher, type WatcherOptions } from './operational-truth.watcher';
export type { VendorProbe } from './vendor-prober';
export type { FailureListing, FailureSource, ObservedFailure } from './uncovered-failure.watch';
export { assertWorkTracked, vendorPointSlas, workSlas } from './sla-book';
export type { VendorPointSla, WorkSla, CallSla } from './sla-book';
export {
  buildScorecard,
  type OperationScore,
  type Period,
  type PointScore,
  type Scorecard,
} from './scorecard';
export type { PeriodEscalation, PeriodIncident } from './scorecard.queries';
export type { Incident, IncidentKind, SlaMeasure } from './incident.store';
export { openIncidents } from './incident.store';
export { openJeopardiesOf, type Jeopardy } from './jeopardy.store';
export { formatPercent } from './measure-window';
export { latestProbes, type LatestProbe } from './probe.store';
export { escalationsRaised, openEscalations, type OpenEscalation } from './escalation.store';
