import type { DataSource } from 'typeorm';
import type { IncomingRecord, MessagingClient } from '@handoff/messaging';
import { decisionKey, statusesOf } from '../actions/dead-letter-actions.store';
import type { DeadLetter, DeadLetterFilter, DeadLetterRef } from '../dead-letter';
import { DeadLetterNotFoundError, InvalidDeadLetterInputError } from '../dead-letter-errors';
import { catalogGroups, topicsOfGroup, type DeadLetterGroup } from '../dead-letter-groups';
import { formatRef } from '../dead-letter-ref';
import { readToEnd, type BoundedReadOptions } from './bounded-read';
import { matchesFilter } from './dead-letter-filter';
import { toDeadLetter } from './dead-letter-record';

/** A dead letter with the raw record it was read from (replay sends the record itself). */
export interface DeadLetterEntry {
  record: IncomingRecord;
  deadLetter: DeadLetter;
}

export interface DeadLetterListing<T> {
  items: T[];
  /** False when the read hit its deadline before catching up: the list may miss newer records. */
  complete: boolean;
}

export interface BrowserDeps {
  client: MessagingClient;
  dataSource: DataSource;
  groups?: readonly DeadLetterGroup[];
  read?: BoundedReadOptions;
}

/** Reads dead-letter topics and joins each record with what ops already did to it. */
export class DeadLetterBrowser {
  constructor(private readonly deps: BrowserDeps) {}

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetterListing<DeadLetterEntry>> {
    const groups = filter.group
      ? [filter.group]
      : (this.deps.groups ?? catalogGroups()).map((g) => g.groupId);
    const topics = groups.map((g) => topicsOfGroup(g, this.deps.groups).deadLetter);
    const { records, complete } = await readToEnd(this.deps.client, topics, this.deps.read);
    const entries = await this.withStatus(records);
    const now = Date.now();
    return { items: entries.filter((e) => matchesFilter(e.deadLetter, filter, now)), complete };
  }

  /** The dead letters at these refs, in the order given; throws when one is not there. */
  async byRefs(refs: readonly DeadLetterRef[]): Promise<DeadLetterEntry[]> {
    const topics = [...new Set(refs.map((r) => r.topic))];
    const notDlt = topics.find((t) => !t.endsWith('.dlt'));
    if (notDlt)
      throw new InvalidDeadLetterInputError(`"${notDlt}" is not a dead-letter topic (<group>.dlt)`);
    const wanted = new Set(refs.map(formatRef));
    const missing = new Set(wanted);
    const { records } = await readToEnd(this.deps.client, topics, {
      ...this.deps.read,
      stopWhen: (batch) => {
        batch.forEach((r) => missing.delete(formatRef(r)));
        return missing.size === 0;
      },
    });
    const found = records.filter((r) => wanted.has(formatRef(r)));
    const byId = new Map((await this.withStatus(found)).map((e) => [e.deadLetter.id, e]));
    return refs.map((ref) => {
      const entry = byId.get(formatRef(ref));
      if (!entry) throw new DeadLetterNotFoundError(formatRef(ref));
      return entry;
    });
  }

  private async withStatus(records: readonly IncomingRecord[]): Promise<DeadLetterEntry[]> {
    const entries = records.map((record) => ({ record, deadLetter: toDeadLetter(record) }));
    const statuses = await statusesOf(
      this.deps.dataSource,
      entries.map((e) => e.deadLetter),
    );
    for (const { deadLetter } of entries) {
      deadLetter.status = statuses.get(decisionKey(deadLetter)) ?? { state: 'open' };
    }
    return entries;
  }
}
