import type { EntityManager } from 'typeorm';

/** What a usage record names its line by, and when the usage happened. */
export interface IdentityProbe {
  imsi: string | null;
  msisdn: string | null;
  at: Date;
}

export interface IdentifiedLine {
  subscriberId: string;
  planCode: string;
}

/**
 * The line each probe belongs to, from `line_identities` (every IMSI and MSISDN a line has had,
 * kept by a trigger on `subscribers`): the IMSI first, the MSISDN when the IMSI matches no line;
 * among lines that had the number, the one that had it at the probe's time, else the latest. So a
 * record that arrives days late under an IMSI swapped away since still finds its subscriber.
 * One statement for the whole list; `undefined` where no line ever had the number.
 */
export async function identifyLines(
  db: EntityManager,
  probes: readonly IdentityProbe[],
): Promise<(IdentifiedLine | undefined)[]> {
  if (probes.length === 0) return [];
  const rows = await db.query<{ i: string; subscriber_id: string; plan_code: string }[]>(
    `SELECT p.i, m.subscriber_id, m.plan_code
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS p(imsi, msisdn, at, i)
       CROSS JOIN LATERAL (
         SELECT li.subscriber_id, s.plan_code
           FROM line_identities li JOIN subscribers s ON s.subscriber_id = li.subscriber_id
          WHERE (li.kind = 'imsi' AND li.value = p.imsi)
             OR (li.kind = 'msisdn' AND li.value = p.msisdn)
          ORDER BY li.kind = 'imsi' DESC,
                   (p.at >= li.valid_from AND (li.valid_to IS NULL OR p.at < li.valid_to)) DESC,
                   li.valid_from DESC
          LIMIT 1) m`,
    [probes.map((p) => p.imsi), probes.map((p) => p.msisdn), probes.map((p) => p.at)],
  );
  const found: (IdentifiedLine | undefined)[] = probes.map(() => undefined);
  for (const row of rows) {
    found[Number(row.i) - 1] = { subscriberId: row.subscriber_id, planCode: row.plan_code };
  }
  return found;
}
