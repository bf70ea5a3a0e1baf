/**
 * The statements of `InvoiceReconciliation`, kept apart from its flow. Every line is mapped to
 * the subscriber that had its IMSI (else its MSISDN) during its UTC day, the newest if several
 * did, through `line_identities` as ingestion guides records; then the lines of one subscriber
 * and day are summed into one row (a line no subscriber had stays a row of its own), so the
 * comparison unpivots a row per subscriber day and groups nothing (bench/README.md: grouping the
 * unpivoted figures was the comparison's largest cost). Per type, the first line that bills it is
 * kept to point at; a zero is no usage.
 */
export const mapInvoiceSql = `
  CREATE TEMP TABLE invoice_days ON COMMIT DROP AS
  WITH mapped AS (
    SELECT DISTINCT ON (i.line_number) i.*,
           COALESCE(by_imsi.subscriber_id, by_msisdn.subscriber_id) AS subscriber_id
      FROM invoice_lines i
      LEFT JOIN line_identities by_imsi
        ON by_imsi.kind = 'imsi' AND by_imsi.value = i.imsi
       AND by_imsi.valid_from < i.usage_day + 1
       AND (by_imsi.valid_to IS NULL OR by_imsi.valid_to > i.usage_day)
      LEFT JOIN line_identities by_msisdn
        ON by_msisdn.kind = 'msisdn' AND by_msisdn.value = i.msisdn
       AND by_msisdn.valid_from < i.usage_day + 1
       AND (by_msisdn.valid_to IS NULL OR by_msisdn.valid_to > i.usage_day)
     ORDER BY i.line_number, by_imsi.subscriber_id IS NULL, by_imsi.valid_from DESC,
              by_msisdn.valid_from DESC
  )
  SELECT subscriber_id, usage_day,
         sum(voice_seconds) AS voice_seconds, sum(sms_count) AS sms_count,
         sum(data_bytes) AS data_bytes,
         min(line_number) FILTER (WHERE voice_seconds > 0) AS voice_line,
         min(line_number) FILTER (WHERE sms_count > 0) AS sms_line,
         min(line_number) FILTER (WHERE data_bytes > 0) AS data_line,
         sum(charge_minor) AS charge_minor, min(currency) AS min_currency,
         max(currency) AS max_currency
    FROM mapped
   GROUP BY subscriber_id, usage_day, CASE WHEN subscriber_id IS NULL THEN line_number END`;

export const DISCREPANCIES_TABLE_SQL = `
  CREATE TEMP TABLE discrepancies (seq bigint, subscriber_id text, usage_day date,
    usage_type text, line_number bigint, invoice numeric, handoff bigint, outcome text)
    ON COMMIT DROP`;

/**
 * $1 the period's first day; $2..$7 absolute and percent tolerance of voice, SMS, data. One pass
 * over the join: the counts per outcome are returned, and only the discrepancies are kept (in
 * `discrepancies`, numbered in day, subscriber and type order).
 */
export const RECONCILE_SQL = `
  WITH invoice AS (
    SELECT * FROM (
      SELECT subscriber_id, usage_day, unnest(ARRAY['voice', 'sms', 'data']) AS usage_type,
             unnest(ARRAY[voice_line, sms_line, data_line]) AS line_number,
             unnest(ARRAY[voice_seconds, sms_count, data_bytes]) AS quantity
        FROM invoice_days) AS figures
     WHERE quantity > 0
  ), handoff AS (
    SELECT subscriber_id, usage_day, usage_type,
           CASE usage_type WHEN 'voice' THEN duration_seconds WHEN 'sms' THEN message_count
                ELSE bytes_up + bytes_down END AS quantity
      FROM usage_daily_totals
     WHERE usage_day >= $1::date AND usage_day < ($1::date + interval '1 month')::date
  ), joined AS (
    SELECT COALESCE(i.subscriber_id, h.subscriber_id) AS subscriber_id,
           COALESCE(i.usage_day, h.usage_day) AS usage_day,
           COALESCE(i.usage_type, h.usage_type) AS usage_type,
           i.line_number, i.quantity AS invoice, h.quantity AS handoff
      FROM invoice i
      FULL OUTER JOIN (SELECT * FROM handoff WHERE quantity > 0) h
        ON h.subscriber_id = i.subscriber_id AND h.usage_day = i.usage_day
       AND h.usage_type = i.usage_type
  ), classified AS MATERIALIZED (
    SELECT j.*,
           CASE WHEN j.handoff IS NULL THEN 'only-invoice'
                WHEN j.invoice IS NULL THEN 'only-handoff'
                WHEN abs(j.invoice - j.handoff) <= CASE j.usage_type
                       WHEN 'voice' THEN GREATEST($2::numeric, $3::numeric * j.invoice / 100)
                       WHEN 'sms' THEN GREATEST($4::numeric, $5::numeric * j.invoice / 100)
                       ELSE GREATEST($6::numeric, $7::numeric * j.invoice / 100) END
                  THEN 'matched'
                ELSE 'mismatched' END AS outcome
      FROM joined j
  ), kept AS (
    INSERT INTO discrepancies
    SELECT row_number() OVER (ORDER BY usage_day, subscriber_id, usage_type, line_number),
           subscriber_id, usage_day, usage_type, line_number, invoice, handoff, outcome
      FROM classified WHERE outcome <> 'matched'
  )
  SELECT count(*) FILTER (WHERE outcome = 'matched') AS matched,
         count(*) FILTER (WHERE outcome = 'mismatched') AS mismatched,
         count(*) FILTER (WHERE outcome = 'only-invoice') AS only_invoice,
         count(*) FILTER (WHERE outcome = 'only-handoff') AS only_handoff,
         count(*) FILTER (WHERE outcome = 'only-invoice' AND subscriber_id IS NULL) AS unknown
    FROM classified`;

/**
 * Per subscriber and day on the invoice: its charge against Handoff's accepted usage at the
 * wholesale rates ($2 per minute, $3 per message, $4 per MB, in minor units), within $5 minor
 * units; a line in another currency than the rates' ($6) is a mismatch.
 */
export const compareChargesSql = `
  WITH invoice AS (
    SELECT subscriber_id, usage_day, charge_minor AS charge,
           min_currency = $6 AND max_currency = $6 AS same
      FROM invoice_days WHERE subscriber_id IS NOT NULL
  ), priced AS (
    SELECT subscriber_id, usage_day,
           round(sum(CASE usage_type WHEN 'voice' THEN duration_seconds * $2::numeric / 60
                                     WHEN 'sms' THEN message_count * $3::numeric
                                     ELSE (bytes_up + bytes_down) * $4::numeric / 1000000 END))
             AS charge
      FROM usage_daily_totals
     WHERE usage_day >= $1::date AND usage_day < ($1::date + interval '1 month')::date
     GROUP BY subscriber_id, usage_day
  )
  SELECT count(*) FILTER (WHERE ok) AS matched, count(*) FILTER (WHERE NOT ok) AS mismatched
    FROM (SELECT i.same AND abs(i.charge - COALESCE(p.charge, 0)) <= $5 AS ok
            FROM invoice i LEFT JOIN priced p USING (subscriber_id, usage_day)) AS c`;
