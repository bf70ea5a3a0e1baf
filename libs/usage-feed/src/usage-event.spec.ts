import { usageEventId } from './usage-event';

describe('usageEventId', () => {
  it('never changes for a record id: records imported before and after a release stay one event', () => {
    expect(usageEventId('cdr-20261202-000001')).toBe('8ed9ece8-3ba8-5dcc-805a-f82680093e9b');
  });

  it('differs between record ids', () => {
    expect(usageEventId('cdr-1')).not.toBe(usageEventId('cdr-2'));
  });
});
