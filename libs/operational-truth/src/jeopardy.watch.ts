import { overdueWork, stillOpen, type OpenWork } from '@handoff/activation-saga';
import type { Clock } from './clock';
import { jeopardyCleared, jeopardyRaised } from './alert-events';
import { openIncident, lockOpenIncident } from './incident.store';
import { alreadyRaised, clearJeopardy, openJeopardies, raiseJeopardy } from './jeopardy.store';
import type { WorkSla } from './sla-book';
import { withAlerts, type WatchDeps } from './watch-deps';

/**
 * Work still open past its operation's due time is in jeopardy: `JeopardyRaised` once per piece of
 * work, naming the owner, gathered into one incident per point and operation (which is what is
 * escalated: forty held activations page once, not forty times). `JeopardyCleared` once it settles.
 */
export class JeopardyWatch {
  constructor(
    private readonly deps: WatchDeps,
    private readonly slas: readonly WorkSla[],
    private readonly clock: Clock,
  ) {}

  async run(): Promise<void> {
    for (const sla of this.slas) {
      await this.raiseOverdue(sla);
      await this.clearSettled(sla);
    }
  }

  /** Page by page, so work raised long ago (and still open) never hides newer overdue work. */
  private async raiseOverdue(sla: WorkSla): Promise<void> {
    const db = this.deps.dataSource;
    const dueBefore = new Date(this.clock.now().getTime() - sla.dueWithinMs);
    let page = await overdueWork(db, sla.operation, dueBefore);
    while (page.length > 0) {
      const refs = page.map((w) => w.workRef);
      const raised = await alreadyRaised(db.manager, sla.operation, refs);
      for (const work of page.filter((w) => !raised.has(w.workRef))) await this.raise(sla, work);
      page = await overdueWork(db, sla.operation, dueBefore, {
        afterRef: page[page.length - 1].workRef,
      });
    }
  }

  private async raise(sla: WorkSla, work: OpenWork): Promise<void> {
    const now = this.clock.now();
    const owner = this.deps.matrix.owner(sla.integrationPoint);
    await withAlerts(this.deps, async (tx) => {
      const { incident } = await openIncident(tx, {
        kind: 'jeopardy',
        integrationPoint: sla.integrationPoint,
        operation: sla.operation,
        openedAt: now,
      });
      const at = {
        incidentId: incident.incidentId,
        integrationPoint: sla.integrationPoint,
        dueAt: new Date(work.openedAt.getTime() + sla.dueWithinMs),
        raisedAt: now,
      };
      if (!(await raiseJeopardy(tx, at, work))) return [];
      return [jeopardyRaised(incident, { ...work, ...at }, owner)];
    });
  }

  private async clearSettled(sla: WorkSla): Promise<void> {
    const db = this.deps.dataSource;
    const open = await openJeopardies(db.manager, sla.operation);
    if (open.length === 0) return;
    const stillOpenRefs = await stillOpen(
      db,
      sla.operation,
      open.map((j) => j.workRef),
    );
    for (const jeopardy of open.filter((j) => !stillOpenRefs.has(j.workRef))) {
      const now = this.clock.now();
      await withAlerts(this.deps, async (tx) => {
        // Locked first, as the escalation walk does, so it never resolves the incident meanwhile.
        const incident = await lockOpenIncident(tx, jeopardy.incidentId);
        if (!incident || !(await clearJeopardy(tx, jeopardy, now))) return [];
        return [jeopardyCleared(incident, jeopardy, now)];
      });
    }
  }
}
