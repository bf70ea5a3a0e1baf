import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { DeadLetterOps, type VendorCallCatalogue } from '@handoff/dead-letters';
import {
  ConsumerGroups,
  connectTopicAdmin,
  DeadLetterHeaders,
  Topics,
  groupTopicSpecs,
  type Backbone,
  type EventEnvelope,
  type HandlerContext,
  type OwnershipLookup,
  type ReplayInfo,
} from '@handoff/messaging';
import { ownershipLookup } from '@handoff/messaging-nest';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { PermanentError } from '@handoff/resilience';
import { produceRaw, TEST_OWNER, testBackbone } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { infra } from '../../support/test-infra';

export const matrix = loadOwnershipMatrix();

/**
 * The real matrix where it has an answer (the ops topic, `handoff-to-mno` named by an error), the
 * test owner for the test's own source topics, which no integration point lists.
 */
export const testOwnership: OwnershipLookup = {
  ownerOf: (topic, direction) => ownershipLookup(matrix).ownerOf(topic, direction) ?? TEST_OWNER,
  ownerOfPoint: (id) => ownershipLookup(matrix).ownerOfPoint(id) ?? TEST_OWNER,
};

export interface Seen {
  eventId: string;
  correlationId: string;
  replay: ReplayInfo | undefined;
}

/** A consumer group whose handler fails permanently at the MNO, with `code`, while `broken` is set. */
export class MnoLikeGroup {
  broken = true;
  code = 'MNO.ICCID_UNKNOWN';
  readonly applied: Seen[] = [];

  constructor(readonly groupId: string) {}

  handler = async (e: EventEnvelope, ctx: HandlerContext): Promise<void> => {
    if (this.broken) {
      throw new PermanentError(this.code, `the MNO refused it: ${this.code}`, {
        stage: 'vendor-call',
        integrationPoint: 'handoff-to-mno',
      });
    }
    this.applied.push({ eventId: e.id, correlationId: e.correlationId, replay: ctx.replay });
  };

  timesApplied(eventId: string): number {
    return this.applied.filter((s) => s.eventId === eventId).length;
  }
}

/** Starts `failing`'s group on the test's source topic, its failures owned as the real matrix says. */
export async function startFailingGroup(
  dataSource: DataSource,
  source: string,
  failing: MnoLikeGroup,
  retryDelaysMs: number[],
): Promise<Backbone> {
  const backbone = testBackbone(dataSource, { ownership: testOwnership });
  await backbone
    .consumerGroup({
      topics: [source],
      retryDelaysMs,
      groupId: failing.groupId,
      handler: failing.handler,
    })
    .start();
  return backbone;
}

export async function ensureGroupTopics(groupId: string, retryDelaysMs: number[]): Promise<void> {
  const admin = await connectTopicAdmin(infra.kafka);
  try {
    await admin.ensureTopics(
      groupTopicSpecs(groupId, retryDelaysMs).map((s) => ({ ...s, partitions: 1 })),
    );
  } finally {
    await admin.close();
  }
}

/** The ops tooling as the API and CLI build it, over its own backbone with a running relay. */
export function opsTooling(
  dataSource: DataSource,
  vendorCalls?: VendorCallCatalogue,
): { ops: DeadLetterOps; backbone: Backbone } {
  const backbone = testBackbone(dataSource, { service: 'handoff/ops', ownership: testOwnership });
  backbone.relay.start();
  const ops = new DeadLetterOps({
    backbone,
    dataSource,
    ownership: matrix,
    read: { deadlineMs: 30_000 },
    vendorCalls,
  });
  return { ops, backbone };
}

/**
 * Puts in `deadLetterTopic` an ActivationRequested that the orchestrator's group dead-lettered (its
 * headers say so), so a dry run announces what the saga would call at the vendors.
 */
export async function orchestratorDeadLetter(
  dataSource: DataSource,
  deadLetterTopic: string,
): Promise<void> {
  const backbone = testBackbone(dataSource);
  try {
    const record = backbone.stamper.stamp(activationRequested(deadLetterTopic, 'sub-dry-run'));
    record.headers = {
      ...record.headers,
      [DeadLetterHeaders.originalTopic]: Topics.SubscriberLifecycle,
      [DeadLetterHeaders.originalPartition]: '0',
      [DeadLetterHeaders.originalOffset]: '42',
      [DeadLetterHeaders.originalConsumerGroup]: ConsumerGroups.Orchestrator,
      [DeadLetterHeaders.errorClass]: 'retryable',
      [DeadLetterHeaders.errorCode]: 'PAYMENT.UNAVAILABLE',
      [DeadLetterHeaders.stage]: 'vendor-call',
      [DeadLetterHeaders.attempts]: '5',
      [DeadLetterHeaders.ownerTeam]: 'payments',
      [DeadLetterHeaders.integrationPoint]: 'handoff-to-payment-processor',
      [DeadLetterHeaders.uid]: randomUUID(),
    };
    await backbone.producer.send([record]);
  } finally {
    await backbone.close();
  }
}

export async function count(db: DataSource, sql: string, params: unknown[]): Promise<number> {
  const [row] = await db.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (${sql}) AS q`,
    params,
  );
  return row?.n ?? 0;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the ops CLI as on-call would, in its own process. */
export function runOpsCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', resolve(__dirname, '../../../apps/ops/src/cli.ts'), ...args],
      { cwd: resolve(__dirname, '../../..'), env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export interface BssDeadLetter {
  key: string;
  value: Buffer;
  /** The error code and the stage where it failed (always a permanent error). */
  code: string;
  stage: string;
  originalOffset: string;
  uid?: string;
}

/**
 * Puts in the group's dead-letter topic a permanent failure of a record the BSS sent on the
 * test's source topic, with the headers the consumer runner writes.
 */
export async function bssDeadLetter(
  topics: { source: string; groupId: string; deadLetter: string },
  letter: BssDeadLetter,
): Promise<void> {
  await produceRaw(topics.deadLetter, [
    {
      key: letter.key,
      value: letter.value,
      headers: {
        [DeadLetterHeaders.originalTopic]: topics.source,
        [DeadLetterHeaders.originalPartition]: '0',
        [DeadLetterHeaders.originalOffset]: letter.originalOffset,
        [DeadLetterHeaders.originalConsumerGroup]: topics.groupId,
        [DeadLetterHeaders.errorClass]: 'permanent',
        [DeadLetterHeaders.errorCode]: letter.code,
        [DeadLetterHeaders.stage]: letter.stage,
        [DeadLetterHeaders.attempts]: '1',
        [DeadLetterHeaders.ownerTeam]: 'billing-ops',
        [DeadLetterHeaders.integrationPoint]: 'bss-to-handoff',
        [DeadLetterHeaders.uid]: letter.uid ?? randomUUID(),
      },
    },
  ]);
}

/** A CARD_DATA_REFUSED dead letter (its value empty, as when the redacted event did not encode). */
export const cardDataDeadLetter = (topics: {
  source: string;
  groupId: string;
  deadLetter: string;
}) =>
  bssDeadLetter(topics, {
    key: 'sub-card',
    value: Buffer.alloc(0),
    code: 'CARD_DATA_REFUSED',
    stage: 'validate',
    originalOffset: '8',
  });
