import { activationRequestKey, assignedSubscriberId, subscriberIdOf } from './subscriber-id';

describe('subscriber ids', () => {
  const activationId = 'act-7f3c2a9e-5b1d-4c8e-9a6f-2d4e8b1c0a57';

  it('assigns the same id to the same activation every time, so a replay assigns no new one', () => {
    expect(assignedSubscriberId(activationId)).toBe('sub-7f3c2a9e-5b1d-4c8e-9a6f-2d4e8b1c0a57');
    expect(assignedSubscriberId(activationId)).toBe(assignedSubscriberId(activationId));
  });

  it('gives different activations different ids, whatever their id looks like', () => {
    expect(assignedSubscriberId('act-1')).not.toBe(assignedSubscriberId('act-2'));
    expect(assignedSubscriberId('BSS-000123')).toBe('sub-BSS-000123');
  });

  it('keeps the subscriber id a request names', () => {
    expect(subscriberIdOf({ activationId, subscriberId: 'bss-sub-42' })).toBe('bss-sub-42');
  });

  it('assigns one when the request names none (null or empty)', () => {
    const assigned = assignedSubscriberId(activationId);
    expect(subscriberIdOf({ activationId, subscriberId: null })).toBe(assigned);
    expect(subscriberIdOf({ activationId, subscriberId: '' })).toBe(assigned);
  });

  it('keys a request by its subscriber id, or by its activation id while it has none', () => {
    expect(activationRequestKey({ activationId, subscriberId: 'bss-sub-42' })).toBe('bss-sub-42');
    expect(activationRequestKey({ activationId, subscriberId: null })).toBe(activationId);
  });
});
