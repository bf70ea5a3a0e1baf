import { PassThrough } from 'node:stream';
import { createLogger, withIds } from './logger';

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes a JSON line with the masked MSISDN, never the raw one', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ name: 'orchestrator' }, stream);

    logger.info({ subscriber: { msisdn: '+14155550123' } }, 'activation requested');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      name: 'orchestrator',
      msg: 'activation requested',
      subscriber: { msisdn: '+1415*****23' },
    });
    expect(JSON.stringify(lines[0])).not.toContain('4155550123');
  });

  it('honours the level it is given', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ name: 'usage', level: 'warn' }, stream);
    logger.info('dropped');
    logger.warn('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it('masks personal data in child bindings too', () => {
    const { stream, lines } = capture();
    createLogger({ name: 'usage' }, stream).child({ imsi: '310150123456789' }).info('cdr');
    expect(lines[0].imsi).toBe('310150*******89');
  });

  it('masks the bindings of grandchildren and of setBindings', () => {
    const { stream, lines } = capture();
    const child = createLogger({ name: 'usage' }, stream).child({ component: 'cdr' });
    const grandchild = child.child({ msisdn: '+14155550123' });
    grandchild.setBindings({ iccid: '8901410321111851234' });
    grandchild.info('cdr');
    expect(lines[0]).toMatchObject({ component: 'cdr', msisdn: '+1415*****23' });
    expect(JSON.stringify(lines[0])).not.toContain('8901410321111851234');
  });

  it('logs an object with a cycle without throwing', () => {
    const { stream, lines } = capture();
    const cyclic: Record<string, unknown> = { iccid: '8901410321111851234' };
    cyclic.self = cyclic;
    createLogger({ name: 'gateway' }, stream).info({ cyclic }, 'cyclic');
    expect(lines[0].cyclic).toEqual({ iccid: '890141*********1234', self: '[Circular]' });
  });

  it('serialises an error with its message and stack', () => {
    const { stream, lines } = capture();
    createLogger({ name: 'gateway' }, stream).error({ err: new Error('boom') }, 'failed');
    expect(lines[0].err).toMatchObject({ type: 'Error', message: 'boom' });
  });
});

describe('withIds', () => {
  it('binds the correlation ids and masks a subscriber id that is an ICCID', () => {
    const { stream, lines } = capture();
    const logger = withIds(createLogger({ name: 'orchestrator' }, stream), {
      correlationId: 'c-1',
      causationId: 'e-0',
      eventId: 'e-1',
      subscriberId: '8901410321111851234',
    });
    logger.info('step done');
    expect(lines[0]).toMatchObject({
      correlationId: 'c-1',
      causationId: 'e-0',
      eventId: 'e-1',
      subscriberId: '890141*********1234',
    });
  });
});
