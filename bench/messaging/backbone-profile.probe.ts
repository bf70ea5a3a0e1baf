import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Backbone } from '@handoff/messaging';

const LOOP_DELAY_RESOLUTION_MS = 5;

interface Total {
  count: number;
  ms: number;
}

/** SQL the backbone sends, told apart by how it starts; the bench's own progress poll is kept apart. */
const SQL_KINDS: readonly [RegExp, string][] = [
  [/^START TRANSACTION/, 'sql: begin'],
  [/^COMMIT/, 'sql: commit'],
  [/^SELECT event_id FROM inbox/, 'sql: inbox look-up'],
  [/subscriber_blocks/, 'sql: subscriber block look-up'],
  [/^INSERT INTO inbox/, 'sql: inbox insert'],
  [/^INSERT INTO outbox/, 'sql: outbox insert'],
  [/^SELECT id, topic/, 'sql: relay fetch pending'],
  [/^UPDATE outbox SET sent_at/, 'sql: relay mark sent'],
  [/advisory/, 'sql: relay lock'],
  [/^SELECT \(SELECT count/, 'bench: progress poll (not backbone)'],
];

/**
 * Opt-in timing of one backbone round (BENCH_PROFILE=1): every SQL statement by kind, the
 * consumer's transactions end to end, the Kafka sends of the relay, and the CPU-bound decode and
 * stamp steps. It wraps methods of this round's objects only; the library is not changed.
 * Consumer and relay share one event loop: a statement's time includes waiting for it, which the
 * event-loop delay line shows.
 */
export class BackboneProbe {
  private readonly totals = new Map<string, Total>();
  private readonly undo: (() => void)[] = [];
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });

  static attach(backbone: Backbone, dataSource: DataSource): BackboneProbe {
    const probe = new BackboneProbe();
    probe.wrapQueryRunners(dataSource);
    const { producer, codec, stamper } = backbone;
    // The consumer also calls send() with its (here empty) retry and dead-letter records.
    probe.wrap(
      producer,
      'send',
      'kafka: relay send (acks=-1)',
      (records) => (records as unknown[]).length === 0,
    );
    probe.wrap(codec, 'fromRecord', 'cpu: decode record');
    probe.wrap(stamper, 'stamp', 'cpu: stamp + encode emitted');
    probe.loopDelay.enable();
    probe.undo.push(() => probe.loopDelay.disable());
    return probe;
  }

  detach(): void {
    for (const restore of this.undo.splice(0)) restore();
  }

  /** One line per kind, largest first: count, total, share of the round's wall time, mean. */
  report(elapsedMs: number): string[] {
    // The histogram counts the sampling interval too; what is above it is the delay.
    const ms = (ns: number) => Math.max(0, ns / 1e6 - LOOP_DELAY_RESOLUTION_MS).toFixed(1);
    const d = this.loopDelay;
    const delay = `event-loop delay: p50 ${ms(d.percentile(50))} ms, p99 ${ms(d.percentile(99))} ms, max ${ms(d.max)} ms`;
    return [delay, ...this.lines(elapsedMs)];
  }

  private lines(elapsedMs: number): string[] {
    return [...this.totals]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .map(([kind, t]) => {
        const share = ((t.ms / elapsedMs) * 100).toFixed(0).padStart(3);
        return `${kind.padEnd(38)} ${String(t.count).padStart(6)}x ${t.ms.toFixed(0).padStart(7)} ms ${share}% of wall, mean ${(t.ms / t.count).toFixed(2)} ms`;
      });
  }

  private add(kind: string, ms: number): void {
    const total = this.totals.get(kind) ?? { count: 0, ms: 0 };
    total.count += 1;
    total.ms += ms;
    this.totals.set(kind, total);
  }

  private wrap<O extends object, K extends keyof O & string>(
    target: O,
    method: K,
    kind: string,
    skip: (first: unknown) => boolean = () => false,
  ): void {
    const original = target[method] as (...args: unknown[]) => unknown;
    const timed = (...args: unknown[]): unknown => {
      if (skip(args[0])) return original.apply(target, args);
      const started = performance.now();
      const result = original.apply(target, args);
      if (result instanceof Promise)
        return result.finally(() => this.add(kind, performance.now() - started));
      this.add(kind, performance.now() - started);
      return result;
    };
    target[method] = timed as O[K];
    this.undo.push(() => delete (target as Record<string, unknown>)[method]);
  }

  private wrapQueryRunners(dataSource: DataSource): void {
    const create = dataSource.createQueryRunner.bind(dataSource);
    dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) =>
      this.timeQueries(create(...args));
    this.undo.push(
      () => delete (dataSource as unknown as Record<string, unknown>).createQueryRunner,
    );
  }

  private timeQueries(qr: QueryRunner): QueryRunner {
    const query = qr.query.bind(qr) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
    let transactionStarted = 0;
    const timed = async (sql: string, ...rest: unknown[]): Promise<unknown> => {
      const started = performance.now();
      if (sql.startsWith('START TRANSACTION')) transactionStarted = started;
      try {
        return await query(sql, ...rest);
      } finally {
        const now = performance.now();
        this.add(kindOf(sql), now - started);
        if (sql.startsWith('COMMIT'))
          this.add('consumer transaction, begin to commit', now - transactionStarted);
      }
    };
    qr.query = timed as QueryRunner['query'];
    return qr;
  }
}

function kindOf(sql: string): string {
  const text = sql.trim();
  return SQL_KINDS.find(([pattern]) => pattern.test(text))?.[1] ?? `sql: ${text.slice(0, 30)}`;
}
