import type { KafkaConnection } from '@handoff/config';
import type { DataSource } from 'typeorm';
import { EventTypes, type UsageRecordDelivered } from '@handoff/contracts';
import type { EventPublisher, NewEvent } from '@handoff/messaging';
import { usageEventId } from '@handoff/usage-feed';
import { benchTopic, createTopics, produceAll } from '../messaging/bench-kafka.util';
import { startProgress } from '../messaging/bench-progress.reporter';

/** Lines the generated CDRs belong to, all known to Handoff (so every record is guided). */
export const BENCH_LINES = 1_000;

const imsiOf = (line: number) => `310260${String(900_000_000 + line)}`;

/** The bench's lines as the activation saga writes them (the trigger records their IMSIs). */
export async function seedLines(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO subscribers (subscriber_id, iccid, msisdn, imsi, plan_code, state, activation_id,
       activated_at)
     SELECT 'bench-sub-' || n, '8901260' || lpad(n::text, 12, '0'), '1415' || lpad(n::text, 7, '0'),
            '310260' || (900000000 + n)::text, 'UNL-5G-30', 'active', 'bench-act-' || n,
            now() - interval '30 days'
       FROM generate_series(0, $1 - 1) n`,
    [BENCH_LINES],
  );
}

/** A deterministic CDR: voice, SMS and data in turn, started within the last two hours. */
function cdr(run: string, i: number, now: number): NewEvent<UsageRecordDelivered> {
  const type = (['voice', 'sms', 'data'] as const)[i % 3];
  const imsi = imsiOf(i % BENCH_LINES);
  const recordId = `${run}-${i}`;
  return {
    id: usageEventId(recordId),
    type: EventTypes.UsageRecordDelivered,
    subject: imsi,
    data: {
      recordId,
      recordType: type,
      imsi,
      msisdn: null,
      subjectId: imsi,
      direction: type === 'data' ? 'unknown' : 'mobileOriginated',
      startedAt: now - 7_200_000 + (i % 7_200) * 1000,
      durationSeconds: type === 'sms' ? null : 1 + (i % 3600),
      messageCount: type === 'sms' ? 1 : null,
      bytesUp: type === 'data' ? 1000 + (i % 50_000) : null,
      bytesDown: type === 'data' ? 10_000 + (i % 900_000) : null,
      roaming: false,
      servingPlmn: null,
      cellId: null,
      zone: null,
      source: null,
    },
  };
}

/**
 * Publishes `count` CDRs as `usage import` does (the feed point's publisher, real Avro and
 * headers), but to `topic`, a throwaway copy of the feed: the real feed never sees them.
 */
export async function publishCdrs(
  kafka: KafkaConnection,
  publisher: EventPublisher,
  topic: string,
  count: number,
): Promise<void> {
  await createTopics(kafka, [{ ...benchTopic(topic), description: 'usage bench feed, throwaway' }]);
  const run = topic.split('.').at(-1) ?? topic;
  const progress = startProgress('publish CDRs', count);
  const now = Date.now();
  try {
    await produceAll(
      count,
      (i) => ({ ...cdr(run, i, now), topic }),
      (events) => publisher.publish(events),
      progress,
    );
  } finally {
    progress.stop();
  }
}
