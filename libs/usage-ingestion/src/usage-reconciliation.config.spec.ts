import { loadReconciliationConfig } from './usage-reconciliation.config';

describe('reconciliation settings', () => {
  it('defaults to 1% for voice and data, exact SMS, charges not compared', () => {
    expect(loadReconciliationConfig({})).toEqual({
      tolerance: {
        voice: { absolute: 0, percent: 1 },
        sms: { absolute: 0, percent: 0 },
        data: { absolute: 0, percent: 1 },
      },
      rates: undefined,
      chargeToleranceMinor: 1,
    });
  });

  it('reads absolute tolerances, percentages and the wholesale rates', () => {
    const settings = loadReconciliationConfig({
      USAGE_RECONCILE_TOLERANCE: 'voice=60, data=0.5%',
      USAGE_WHOLESALE_RATES: 'currency=EUR,voice=1.2,sms=0.5,data=0.8',
    });
    expect(settings.tolerance.voice).toEqual({ absolute: 60, percent: 0 });
    expect(settings.tolerance.sms).toEqual({ absolute: 0, percent: 0 });
    expect(settings.tolerance.data).toEqual({ absolute: 0, percent: 0.5 });
    expect(settings.rates).toEqual({
      currency: 'EUR',
      voicePerMinute: 1.2,
      smsPerMessage: 0.5,
      dataPerMegabyte: 0.8,
    });
  });

  it('names the variable of a tolerance or rates it cannot read', () => {
    expect(() => loadReconciliationConfig({ USAGE_RECONCILE_TOLERANCE: 'fax=1' })).toThrow(
      /USAGE_RECONCILE_TOLERANCE: must read like "voice=1%,sms=0,data=1%"/,
    );
    expect(() => loadReconciliationConfig({ USAGE_RECONCILE_TOLERANCE: 'voice=lots' })).toThrow(
      /USAGE_RECONCILE_TOLERANCE: voice: "lots" is not a number or a percentage/,
    );
    expect(() =>
      loadReconciliationConfig({ USAGE_WHOLESALE_RATES: 'currency=USD,voice=1' }),
    ).toThrow(/USAGE_WHOLESALE_RATES: needs a currency and a rate for each of voice, sms, data/);
  });
});
