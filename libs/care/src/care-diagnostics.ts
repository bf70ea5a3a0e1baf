import type { DataSource } from 'typeorm';
import type { Operator } from '@handoff/access';
import { findSubscriberRecords } from '@handoff/activation-saga';
import type { OwnershipMatrix } from '@handoff/ownership';
import type { CareSettings } from './care.config';
import { LineReadLimitedError, SubscriberNotFoundError } from './care-errors';
import { careLookupsOf, identifierKind, recordCareLookup, type CareViewName } from './care-lookups';
import { lastFour, withoutRawIdentifiers } from './care-masking';
import type { CareLookupRecord, DiagnosticView, LineAtMno } from './care-view';
import { buildView, identifiersIn, maskedLine } from './diagnostic-view';
import { LineReadLimiter } from './line-read-limiter';
import { MnoLineReader, type MnoLineLookup } from './mno-line-reader';
import { gatherFacts, subjectsOf, type SubscriberFacts } from './subscriber-facts';

export interface CareDeps {
  db: DataSource;
  ownership: OwnershipMatrix;
  mno: MnoLineLookup;
  settings: CareSettings;
}

/** The MNO's answer to a fresh line read, masked as care sees it. */
export interface FreshLineRead {
  mno: LineAtMno;
}

/**
 * Care's read-only window on one subscriber (docs/care.md). Every look-up, found or not, is
 * recorded in the audit ledger before the answer leaves; nothing here writes anything else.
 */
export class CareDiagnostics {
  private readonly lines: MnoLineReader;
  private readonly limiter: LineReadLimiter;

  constructor(private readonly deps: CareDeps) {
    this.lines = new MnoLineReader(deps.mno, deps.settings);
    this.limiter = new LineReadLimiter(deps.settings.lineReadsPerMinute);
  }

  /** The diagnostic view of the subscriber an MSISDN, ICCID or subscriber id names. */
  async lookUp(identifier: string, operator: Operator): Promise<DiagnosticView> {
    const facts = await this.found(identifier, operator, 'diagnostic');
    const iccid = facts.records.line?.iccid ?? facts.records.activations[0]?.iccid;
    const mno = iccid ? await this.lines.read(iccid, false) : null;
    const view = buildView(facts, mno, {
      team: (id) => this.deps.ownership.team(id)?.name ?? id,
      ofPoint: (point) => this.deps.ownership.owner(point).teamName,
    });
    return withoutRawIdentifiers(view, [identifier, ...identifiersIn(facts, mno)]);
  }

  /** Asks the MNO for the line now, within this key's per-minute allowance. */
  async readLineFresh(identifier: string, operator: Operator): Promise<FreshLineRead> {
    const verdict = this.limiter.take(operator.operatorId);
    if (!verdict.allowed) {
      await this.audit(operator, 'mno-line', identifier, 'rate-limited');
      throw new LineReadLimitedError(
        verdict.retryAfterSeconds,
        this.deps.settings.lineReadsPerMinute,
      );
    }
    const facts = await this.found(identifier, operator, 'mno-line');
    const iccid = facts.records.line?.iccid ?? facts.records.activations[0]?.iccid;
    const mno = iccid ? await this.lines.read(iccid, true) : null;
    const answer = {
      mno: mno ? maskedLine(mno) : { read: 'not-found' as const, readAt: new Date() },
    };
    return withoutRawIdentifiers(answer, [identifier, ...identifiersIn(facts, mno)]);
  }

  /** Who looked this subscriber up through care, and when (for ops, not for care). */
  async lookupsOf(identifier: string): Promise<CareLookupRecord[]> {
    const records = await findSubscriberRecords(this.deps.db, identifier);
    const subjects = records ? subjectsOf(records, identifier) : [identifier];
    return careLookupsOf(this.deps.db, subjects);
  }

  private async found(
    identifier: string,
    operator: Operator,
    view: CareViewName,
  ): Promise<SubscriberFacts> {
    const facts = await gatherFacts(this.deps.db, this.deps.ownership, identifier);
    const subject = facts?.records.subscriberId ?? facts?.records.activations[0]?.activationId;
    await this.audit(
      operator,
      view,
      subject ?? identifier,
      facts ? 'found' : 'not-found',
      identifier,
    );
    if (!facts) throw new SubscriberNotFoundError(lastFour(identifier));
    return facts;
  }

  private audit(
    operator: Operator,
    view: CareViewName,
    subject: string,
    outcome: 'found' | 'not-found' | 'rate-limited',
    asked: string = subject,
  ): Promise<void> {
    return recordCareLookup(this.deps.db, this.deps.ownership, {
      operator,
      view,
      subject,
      askedBy: identifierKind(asked),
      outcome,
    });
  }
}
