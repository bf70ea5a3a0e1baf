import { z } from 'zod';
import { FaultBook, happens } from './fault-book';
import { type FaultRule, faultRuleFields } from './fault-rule.schema';

const schema: z.ZodType<FaultRule, z.ZodTypeDef, unknown> = z.object(faultRuleFields(['a', 'b']));

describe('happens', () => {
  it('always applies a rate of 1 and never a rate of 0 or none', () => {
    const random = () => 0.999;
    expect(happens(1, random)).toBe(true);
    expect(happens(0, () => 0)).toBe(false);
    expect(happens(undefined, () => 0)).toBe(false);
  });

  it('applies a rate in between when the draw falls under it', () => {
    expect(happens(0.3, () => 0.29)).toBe(true);
    expect(happens(0.3, () => 0.3)).toBe(false);
  });
});

describe('FaultBook', () => {
  it("refines the * rule with the endpoint's own rule, field by field", () => {
    const book = new FaultBook(schema, [
      { endpoint: '*', errorRate: 1, latencyMs: 50 },
      { endpoint: 'a', errorRate: 0 },
    ]);
    expect(book.effective('a')).toMatchObject({ errorRate: 0, latencyMs: 50 });
    expect(book.effective('b')).toMatchObject({ errorRate: 1, latencyMs: 50 });
  });

  it('replaces an endpoint rule as a whole, and forgets every rule on clear', () => {
    const book = new FaultBook(schema, [{ endpoint: 'a', outage: true }]);
    book.put({ endpoint: 'a', latencyMs: 10 });
    expect(book.effective('a')).toEqual({ endpoint: 'a', latencyMs: 10 });
    book.clear();
    expect(book.list()).toEqual([]);
  });

  it('refuses an endpoint the simulator does not have', () => {
    expect(schema.safeParse({ endpoint: 'c' }).success).toBe(false);
  });
});
