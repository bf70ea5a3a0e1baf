import { z } from 'zod';
import { SimulatorError } from '../errors/simulator.error';
import { fieldPath, parseOrReject } from './zod-validation.pipe';

describe('fieldPath', () => {
  it('writes array indexes and [name] segments the way a caller reads them', () => {
    expect(fieldPath(['items', 0, 'chars', '[iccid]', 'pin'])).toBe('items[0].chars[iccid].pin');
    expect(fieldPath([])).toBe('body');
    expect(fieldPath([], 'query')).toBe('query');
  });
});

describe('parseOrReject', () => {
  it('rejects with a 400 naming every offending field', () => {
    const schema = z.object({ a: z.string(), b: z.object({ c: z.number() }) });
    const error = (() => {
      try {
        parseOrReject(schema, { b: { c: 'x' } });
      } catch (e) {
        return e as SimulatorError;
      }
    })();
    expect(error).toBeInstanceOf(SimulatorError);
    expect(error?.getStatus()).toBe(400);
    expect(error?.message).toMatch(/^a: .*; b\.c: /);
  });
});
