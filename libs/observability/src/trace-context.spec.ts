import { childTraceparent, newTraceparent, parseTraceparent } from './trace-context';

const FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;
const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C trace context', () => {
  it('creates a version-00, sampled traceparent with random ids', () => {
    const a = newTraceparent();
    expect(a).toMatch(FORMAT);
    expect(newTraceparent()).not.toBe(a);
  });

  it('parses a valid traceparent', () => {
    expect(parseTraceparent(VALID)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: 1,
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['uppercase hex', VALID.toUpperCase()],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['extra field on version 00', `${VALID}-extra`],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
  ])('rejects a traceparent that is %s', (_case, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('reads the known fields of a later version', () => {
    const later = '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future';
    expect(parseTraceparent(later)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('gives a child the parent trace id and flags and a new span id', () => {
    const child = parseTraceparent(childTraceparent(VALID));
    expect(child?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child?.flags).toBe(1);
    expect(child?.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('starts a new trace when the parent is missing or invalid', () => {
    expect(childTraceparent(undefined)).toMatch(FORMAT);
    const child = childTraceparent('00-garbage');
    expect(child).toMatch(FORMAT);
  });
});
