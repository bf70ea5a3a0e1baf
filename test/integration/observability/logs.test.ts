import { Kafka } from 'kafkajs';
import { QueryFailedError } from 'typeorm';
import { kafkajsLogCreator } from '@handoff/messaging';
import { capturedLogger } from '@handoff/observability/testing';
import { closedPort, migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

describe('service logs (real PostgreSQL and Kafka client)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await migratedDatabase('logs');
  });

  afterAll(async () => {
    await db?.close();
  });

  it('logs a failing SQL statement with none of the MSISDN or ICCID in its parameters', async () => {
    const { log, lines } = capturedLogger('orchestrator');
    const msisdn = '+14155550123';
    const iccid = '8901410321111851234';

    const error = await db.dataSource
      .query('SELECT $1::int AS msisdn, $2::text AS iccid, $3::int AS amount', [
        msisdn,
        iccid,
        1499,
      ])
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect((error as Error).message).toBe(`value "${msisdn}" is out of range for type integer`);
    log.error({ err: error, error }, `statement failed: ${(error as Error).message}`);

    const [line] = await waitFor('the log line', () => lines().length > 0 && lines());
    expect(line).toContain('"statement failed: value \\"+1415*****23\\" is out of range');
    for (const personal of [msisdn, '4155550123', iccid, '0321111851']) {
      expect(line).not.toContain(personal);
    }
    expect(line).toContain('+1415*****23');
    expect(line).toContain('890141*********1234');
    expect(line).toContain('1499');
    expect(JSON.parse(line)).toMatchObject({ name: 'orchestrator', level: 'error' });
  });

  it('logs a unique violation with none of the stored-form MSISDN, ICCID or IMSI in its parameters or detail', async () => {
    const { log, lines } = capturedLogger('orchestrator');
    // As Handoff stores them: the MSISDN without its plus.
    const personal = {
      msisdn: '14155550123',
      iccid: '8901410321111851234',
      imsi: '310150123456789',
    };
    await db.dataSource.query(
      `CREATE TABLE IF NOT EXISTS log_probe (msisdn text, iccid text, imsi text, seen_at bigint,
         UNIQUE (msisdn, iccid, imsi))`,
    );
    const insert = () =>
      db.dataSource.query('INSERT INTO log_probe VALUES ($1, $2, $3, $4)', [
        personal.msisdn,
        personal.iccid,
        personal.imsi,
        1764758380123,
      ]);
    await insert();
    const error = await insert().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(JSON.stringify(error)).toContain(personal.msisdn);

    // As the consumer edge logs a handler's failure, with the whole error beside it.
    log.warn(
      { error: { name: (error as Error).name, message: (error as Error).message }, err: error },
      'record retrying',
    );

    const [line] = await waitFor('the log line', () => lines().length > 0 && lines());
    for (const value of Object.values(personal)) expect(line).not.toContain(value);
    expect(line).toContain('1415*****23');
    expect(line).toContain('890141*********1234');
    expect(line).toContain('310150*******89');
    // What is not personal data stays: the statement, the timestamp parameter, the constraint.
    expect(line).toContain('INSERT INTO log_probe VALUES ($1, $2, $3, $4)');
    expect(line).toContain('1764758380123');
    expect(line).toContain('log_probe_msisdn_iccid_imsi_key');
  });

  it("writes kafkajs's own errors as the service's JSON lines, not to kafkajs's console logger", async () => {
    const { log, lines } = capturedLogger('gateway');
    // The client's own settings retry for a minute; one attempt shows the same line.
    const kafka = new Kafka({
      clientId: 'handoff/logs-test',
      brokers: [`127.0.0.1:${await closedPort()}`],
      retry: { retries: 0 },
      logCreator: kafkajsLogCreator(log),
    });

    await expect(kafka.producer().connect()).rejects.toThrow(/ECONNREFUSED/);

    const entries = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry).toMatchObject({ name: 'gateway' });
      expect(entry.msg).toMatch(/^kafkajs: /);
    }
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        kafkajs: 'Connection',
        msg: expect.stringMatching(/Connection error/),
      }),
    );
  });
});
