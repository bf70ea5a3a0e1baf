import { canonicalJson, requestHash } from './canonical-hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
  });

  it('drops undefined members the way JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });
});

describe('requestHash', () => {
  it('is the same for the same body written in another key order', () => {
    expect(requestHash({ planCode: 'UNL-5G-30', iccid: '89' })).toBe(
      requestHash({ iccid: '89', planCode: 'UNL-5G-30' }),
    );
  });

  it('differs when a value differs', () => {
    expect(requestHash({ planCode: 'UNL-5G-30' })).not.toBe(
      requestHash({ planCode: 'BASIC-5G-15' }),
    );
  });
});
