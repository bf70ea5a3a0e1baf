import {
  activationCharges,
  guam,
  sum,
  type TaxTestClient,
  useTaxSimulator,
} from './tax-simulator.harness';

describe('tax engine simulator: documents', () => {
  let tax: TaxTestClient;
  useTaxSimulator((started) => (tax = started));

  it('taxes each jurisdiction level with USF and 911 fees, every total the exact sum of its lines', async () => {
    const answer = await tax.calculate(activationCharges());

    expect(answer.status).toBe(200);
    const document = answer.json;
    expect(document).toMatchObject({ status: 'quoted', jurisdiction: { code: 'US-WA-SEATTLE' } });
    const plan = document.lines.find((line) => line.ref === 'plan')!;
    expect(new Set(plan.taxes.map((t) => t.level))).toEqual(
      new Set(['federal', 'state', 'county', 'city', 'district']),
    );
    expect(plan.taxes.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Federal Universal Service Fund', 'State 911 Excise Tax']),
    );
    for (const line of document.lines) {
      expect(line.taxAmount).toBe(sum(line.taxes.map((t) => t.taxAmount)));
    }
    expect(document.totals).toEqual({
      amount: 6500,
      taxAmount: sum(document.lines.map((line) => line.taxAmount)),
    });
    expect(await tax.ledger()).toEqual([]);
  });

  it('answers the same document to the same quote, creating no second one', async () => {
    const request = activationCharges();

    const first = await tax.calculate(request);
    const again = await tax.calculate(request);

    expect(again.json).toEqual(first.json);
    expect((await tax.stats()).documents).toEqual({ quoted: 1, committed: 0, voided: 0 });
  });

  it('recalculates an uncommitted quote asked with other charges, under the same code', async () => {
    const request = activationCharges();
    await tax.calculate(request);

    const changed = await tax.calculate({ ...request, lines: [request.lines[0]] });

    expect(changed.json).toMatchObject({ version: 2, totals: { amount: 2500 } });
    expect((await tax.stats()).documents.quoted).toBe(1);
  });

  it('commits a document once: a second commit files nothing, a recalculation is refused', async () => {
    const request = activationCharges();
    const quoted = await tax.calculate(request);

    expect((await tax.commit(request.documentCode)).json.status).toBe('committed');
    expect((await tax.commit(request.documentCode)).status).toBe(200);
    const recalculated = await tax.calculate({ ...request, lines: [request.lines[1]] });
    expect(recalculated.status).toBe(409);
    expect(recalculated.error.code).toBe('DOCUMENT_LOCKED');
    expect((await tax.calculate(request)).json.status).toBe('committed');

    expect(await tax.ledger(request.documentCode)).toEqual([
      expect.objectContaining({ effect: 'committed', taxAmount: quoted.json.totals.taxAmount }),
    ]);
  });

  it('adjusts a committed document once per code, and a void reverses what was filed', async () => {
    const request = activationCharges();
    const quoted = await tax.calculate(request);
    await tax.commit(request.documentCode);
    const refund = {
      adjustmentCode: `${request.documentCode}-refund`,
      reason: 'refund',
      lines: [{ ref: 'plan', transactionType: 'cellular', serviceType: 'access', amount: -4000 }],
    };

    const adjusted = await tax.adjust(request.documentCode, refund);
    await tax.adjust(request.documentCode, refund);
    const refunded = adjusted.json.adjustments[0].totals.taxAmount;
    const planTax = quoted.json.lines.find((line) => line.ref === 'plan')!.taxAmount;
    expect(refunded).toBe(-planTax);

    await tax.void(request.documentCode);
    await tax.void(request.documentCode);
    expect((await tax.commit(request.documentCode)).error.code).toBe('DOCUMENT_VOIDED');

    const ledger = await tax.ledger(request.documentCode);
    expect(ledger.map((e) => e.effect)).toEqual(['committed', 'adjusted', 'voided']);
    expect(sum(ledger.map((e) => e.taxAmount))).toBe(0);
  });

  it('voids a quote without filing anything, and refuses to adjust what was never committed', async () => {
    const request = activationCharges();
    await tax.calculate(request);

    const adjust = await tax.adjust(request.documentCode, {
      adjustmentCode: 'adj-1',
      reason: 'r',
      lines: [{ ref: 'fee', transactionType: 'cellular', serviceType: 'activation', amount: -1 }],
    });
    expect(adjust.error.code).toBe('DOCUMENT_NOT_COMMITTED');
    expect((await tax.void(request.documentCode)).json.status).toBe('voided');

    expect(await tax.ledger(request.documentCode)).toEqual([
      expect.objectContaining({ effect: 'voided', fromStatus: 'quoted', taxAmount: 0 }),
    ]);
  });

  it('answers zero tax and no error for a place it does not cover, naming the jurisdiction', async () => {
    const answer = await tax.calculate(activationCharges({ serviceAddress: guam }));

    expect(answer.status).toBe(200);
    expect(answer.json.jurisdiction.code).toBe('US-GU-HAGATNA');
    expect(answer.json.totals).toEqual({ amount: 6500, taxAmount: 0 });
    expect(answer.json.lines.every((line) => line.taxes.length === 0)).toBe(true);
  });

  it('refuses an address in no jurisdiction (422) and a malformed request (400), naming the field', async () => {
    const nowhere = await tax.calculate(
      activationCharges({ serviceAddress: { state: 'WA', postalCode: '99999' } }),
    );
    expect(nowhere.status).toBe(422);
    expect(nowhere.error.code).toBe('JURISDICTION_NOT_FOUND');

    const fractional = activationCharges();
    fractional.lines[0].amount = 25.5;
    const invalid = await tax.calculate(fractional);
    expect(invalid.status).toBe(400);
    expect(invalid.error.message).toContain('lines[0].amount');

    const geocoded = await tax.call('POST', '/communications-tax/v1/geocode', {
      serviceAddress: { state: 'NY', postalCode: '10001' },
    });
    expect(geocoded.json).toEqual({ code: 'US-NY-NEWYORKCITY', name: 'New York City, New York' });
    expect((await tax.document('ACT-none')).status).toBe(404);
  });
});
